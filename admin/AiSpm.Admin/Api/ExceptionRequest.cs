namespace AiSpm.Admin.Api;

/// <summary>The body of <c>POST exceptions</c>; who grants it comes from the caller's identity.</summary>
internal sealed record ExceptionRequest
{
    public required string ControlId { get; init; }
    public required string ResourceId { get; init; }
    public required string Reason { get; init; }
    /// <summary>When the exception ends and the result turns back to failing; must be in the future.</summary>
    public required DateTimeOffset Expires { get; init; }
}
