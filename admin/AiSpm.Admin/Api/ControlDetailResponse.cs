using AiSpm.Admin.Storage.Posture;

namespace AiSpm.Admin.Api;

/// <summary>One control: its Rego, metadata, remediation, every resource's result and (custom) its versions.</summary>
internal sealed record ControlDetailResponse
{
    public required ControlSummary Control { get; init; }
    public string Description { get; init; } = "";
    public required string Rego { get; init; }
    public string? Test { get; init; }
    /// <summary>Markdown: console steps, CLI or API call, infrastructure-as-code snippet.</summary>
    public string Remediation { get; init; } = "";
    public string? Prowler { get; init; }
    /// <summary>The asset id pattern that narrows the control within its kind, if any.</summary>
    public string? ResourceId { get; init; }
    public IReadOnlyList<StoredResult> Results { get; init; } = [];
    public IReadOnlyList<ControlVersion> Versions { get; init; } = [];
}
