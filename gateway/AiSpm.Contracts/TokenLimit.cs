namespace AiSpm.Contracts;

/// <summary>Token volume (prompt + completion, as estimated by the gateway) per minute for each matching key.</summary>
public sealed record TokenLimit
{
    /// <summary>Key alias, exact or glob; "*" applies the limit to each key separately.</summary>
    public string Key { get; init => field = value ?? "*"; } = "*";
    public required long TokensPerMinute { get; init; }
}
