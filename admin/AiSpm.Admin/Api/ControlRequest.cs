namespace AiSpm.Admin.Api;

/// <summary>The body of <c>PUT controls/{id}</c> and <c>POST controls/evaluate</c>: a control's Rego (with its
/// <c># METADATA</c>) and optionally its tests (a <c>_test.rego</c> module), which must pass.</summary>
internal sealed record ControlRequest
{
    public required string Rego { get; init; }
    public string? Test { get; init; }
}
