namespace AiSpm.Admin.Storage.RedTeam;

/// <summary>
/// One red-team run as stored and answered: what ran against what, per-category and per-framework-tag detection
/// rates, the false-positive rate on benign rows, latency, garak-style eval rows and (on a single run) each row's result.
/// </summary>
internal sealed record RedTeamRun
{
    /// <summary>Sortable by start time: <c>rt-yyyyMMddTHHmmssfff-xxxxxx</c>.</summary>
    public required string Id { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public double DurationMs { get; init; }

    /// <summary><c>inprocess</c> or <c>gateway</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>A corpus name under <c>config/redteam</c>, or <c>upload</c>.</summary>
    public required string Corpus { get; init; }

    /// <summary>The engine (in process) or the gateway base URL.</summary>
    public required string Target { get; init; }

    public string? StartedBy { get; init; }

    /// <summary>Rows in the corpus, rows that could not be judged (transport errors, the time limit) and rows skipped
    /// (answer-phase rows a gateway run cannot place in an answer).</summary>
    public int Rows { get; init; }

    public int Errors { get; init; }

    public int Skipped { get; init; }

    public IReadOnlyList<RateFigure> Categories { get; init; } = [];

    public IReadOnlyList<RateFigure> Frameworks { get; init; } = [];

    public BenignFigure Benign { get; init; } = new(0, 0, 0);

    public double LatencyP50Ms { get; init; }

    public double LatencyP99Ms { get; init; }

    public IReadOnlyList<GarakEvalRow> Eval { get; init; } = [];

    /// <summary>Each row's result; null in lists.</summary>
    public IReadOnlyList<RowResult>? Results { get; init; }
}
