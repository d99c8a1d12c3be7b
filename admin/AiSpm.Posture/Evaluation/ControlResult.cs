namespace AiSpm.Posture.Evaluation;

/// <summary>One control's result on one resource.</summary>
public sealed record ControlResult
{
    public required string ControlId { get; init; }

    public required string ResourceId { get; init; }

    public required ResultStatus Status { get; init; }

    /// <summary>Why the resource fails (the `deny` messages, or the title of a `risky` control); kept when excepted.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>For a failing or excepted result, the fields of the resource the control reads.</summary>
    public IReadOnlyList<Evidence> Evidence { get; init; } = [];

    /// <summary>For an error, what went wrong; for a failing result under an expired exception, when it expired.</summary>
    public string? Message { get; init; }

    /// <summary>The exception applied (active: the result is excepted; expired: the result is failing).</summary>
    public ExceptionGrant? Exception { get; init; }
}
