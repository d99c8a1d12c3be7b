namespace AiSpm.Detection;

/// <summary>What the gateway, the admin service and reports need to know about one compiled rule.</summary>
public sealed record RuleInfo
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    /// <summary>prompt_injection, jailbreak, system_prompt_extraction, memory_poisoning, pii, secret, insecure_output, tool_misuse, excessive_agency, rate, token_volume.</summary>
    public required string Category { get; init; }
    public required Severity Severity { get; init; }
    public required ScanPhase Phase { get; init; }
    /// <summary>True when enforce mode may replace the span and forward instead of blocking (pii, secret).</summary>
    public bool Redactable { get; init; }
    public IReadOnlyList<string> OwaspLlm { get; init; } = [];
    public IReadOnlyList<string> OwaspAgentic { get; init; } = [];
    public IReadOnlyList<string> MitreAtlas { get; init; } = [];
    public IReadOnlyList<string> NistAiRmf { get; init; } = [];
    public string Description { get; init; } = "";
    public string Remediation { get; init; } = "";
}
