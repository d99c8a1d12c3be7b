namespace AiSpm.Posture.Scoring;

/// <summary>The risks the framework report lists, every one of them even when no control covers it: OWASP Top 10 for
/// LLM Applications 2025 and OWASP Top 10 for Agentic Applications (ASI01-ASI10). Control tags name them as
/// `owasp-llm:LLM01` and `owasp-agentic:ASI01`.</summary>
public static class Frameworks
{
    public const string OwaspLlm = "owasp-llm";
    public const string OwaspAgentic = "owasp-agentic";

    public static IReadOnlyList<(string Framework, string Id, string Name)> Risks { get; } =
    [
        (OwaspLlm, "LLM01", "Prompt Injection"),
        (OwaspLlm, "LLM02", "Sensitive Information Disclosure"),
        (OwaspLlm, "LLM03", "Supply Chain"),
        (OwaspLlm, "LLM04", "Data and Model Poisoning"),
        (OwaspLlm, "LLM05", "Improper Output Handling"),
        (OwaspLlm, "LLM06", "Excessive Agency"),
        (OwaspLlm, "LLM07", "System Prompt Leakage"),
        (OwaspLlm, "LLM08", "Vector and Embedding Weaknesses"),
        (OwaspLlm, "LLM09", "Misinformation"),
        (OwaspLlm, "LLM10", "Unbounded Consumption"),
        (OwaspAgentic, "ASI01", "Agent Goal Hijack"),
        (OwaspAgentic, "ASI02", "Tool Misuse and Exploitation"),
        (OwaspAgentic, "ASI03", "Identity and Privilege Abuse"),
        (OwaspAgentic, "ASI04", "Agentic Supply Chain Vulnerabilities"),
        (OwaspAgentic, "ASI05", "Unexpected Code Execution"),
        (OwaspAgentic, "ASI06", "Memory and Context Poisoning"),
        (OwaspAgentic, "ASI07", "Insecure Inter-Agent Communication"),
        (OwaspAgentic, "ASI08", "Cascading Failures"),
        (OwaspAgentic, "ASI09", "Human-Agent Trust Exploitation"),
        (OwaspAgentic, "ASI10", "Rogue Agents"),
    ];
}
