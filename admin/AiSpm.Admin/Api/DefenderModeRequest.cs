namespace AiSpm.Admin.Api;

internal sealed record DefenderModeRequest
{
    /// <summary>monitor | enforce, or null to let each gateway use its own configured mode.</summary>
    public required string? Mode { get; init; }
}
