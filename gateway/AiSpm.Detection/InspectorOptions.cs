namespace AiSpm.Detection;

public enum EngineKind : byte
{
    /// <summary>Hyperscan when libhs loads, else managed.</summary>
    Auto = 0,
    Hyperscan = 1,
    Managed = 2,
}

public sealed record InspectorOptions
{
    /// <summary>Folder of rule packs (config/rules).</summary>
    public required string RulesDirectory { get; init; }

    /// <summary>Learned-scorer weights file; null disables the second stage.</summary>
    public string? ScorerPath { get; init; }

    /// <summary>
    /// Pack names (a pack's "pack" field) whose rules load; null or empty loads every pack. Every pack is still
    /// validated. Unknown names are ignored, and when no name matches a pack, every pack loads.
    /// </summary>
    public IReadOnlyList<string>? EnabledPacks { get; init; }

    public EngineKind Engine { get; init; } = EngineKind.Auto;

    /// <summary>High-risk tool names or prefixes for excessive_agency (payments, transfers, deletes, sends).</summary>
    public IReadOnlyList<string> HighRiskTools { get; init; } = [];
}
