using AiSpm.Admin.Storage.RedTeam;
using AiSpm.Detection.Evaluation;

namespace AiSpm.Admin.RedTeam;

/// <summary>Where rows are sent: the in-process detector stack or a live gateway. A failure to judge a row is an
/// an error result, never an exception (cancellation aside).</summary>
internal interface IRedTeamTarget
{
    /// <summary>How many rows may be in flight at once.</summary>
    int Concurrency { get; }

    Task<RowResult> RunAsync(CorpusRow row, CancellationToken cancellationToken);
}
