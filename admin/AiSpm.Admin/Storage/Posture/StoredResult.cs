using System.Text.Json.Nodes;

namespace AiSpm.Admin.Storage.Posture;

/// <summary>One control's latest result on one resource.</summary>
internal sealed record StoredResult
{
    public required string ControlId { get; init; }

    public required string ResourceId { get; init; }

    /// <summary>passing | failing | error | excepted (<see cref="ResultStatusNames"/>).</summary>
    public required string Status { get; init; }

    /// <summary>Why the resource fails; kept when excepted.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>The fields of the resource the control reads, with their values, for a failing or excepted result.</summary>
    public IReadOnlyList<ResultEvidence> Evidence { get; init; } = [];

    /// <summary>For an error, what went wrong; for a failing result under an expired exception, when it expired.</summary>
    public string? Message { get; init; }

    /// <summary>The exception that applies (active or expired).</summary>
    public string? ExceptionId { get; init; }

    public required DateTimeOffset EvaluatedAt { get; init; }
}

/// <summary>A field of the resource a control read (`input.ContentPolicy.Filters`) and its value, null when absent.</summary>
internal sealed record ResultEvidence(string Path, JsonNode? Value);
