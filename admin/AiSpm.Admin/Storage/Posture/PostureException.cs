namespace AiSpm.Admin.Storage.Posture;

/// <summary>An accepted risk: control <see cref="ControlId"/> failing on <see cref="ResourceId"/> is excepted until
/// <see cref="Expires"/>, granted by <see cref="By"/> (from the caller's token) for <see cref="Reason"/>.</summary>
internal sealed record PostureException
{
    public required string Id { get; init; }

    public required string ControlId { get; init; }

    public required string ResourceId { get; init; }

    public required string Reason { get; init; }

    public required string By { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset Expires { get; init; }
}
