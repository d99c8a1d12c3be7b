namespace AiSpm.Posture.Scoring;

/// <summary>One risk of a framework (`owasp-llm` LLM01, `owasp-agentic` ASI03) with the controls tagged with it and the
/// resources they judged: failing when any covering control fails on it, passing when all covering results pass.</summary>
public sealed record FrameworkRisk(string Framework, string Id, string Name, IReadOnlyList<string> Controls, int ResourcesPassing, int ResourcesFailing);
