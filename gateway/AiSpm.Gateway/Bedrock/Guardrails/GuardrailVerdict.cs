namespace AiSpm.Gateway.Bedrock.Guardrails;

/// <summary>The guardrail stage's decision, the masked outputs for <see cref="GuardrailDecision.Mask"/>, and the guardrail's name for errors.</summary>
internal readonly record struct GuardrailVerdict(GuardrailDecision Decision, IReadOnlyList<string> Outputs, string Guardrail);
