using System.Diagnostics;
using AiSpm.Admin.Storage.RedTeam;
using AiSpm.Detection;
using AiSpm.Detection.Evaluation;

namespace AiSpm.Admin.RedTeam;

/// <summary>Rows through the detector stack in this process, by <see cref="RowScanner"/>: the same verdict as
/// <c>./aispm eval</c>. One row at a time (one finding list).</summary>
internal sealed class InProcessTarget(Inspector inspector) : IRedTeamTarget
{
    private readonly FindingList _findings = new();

    public int Concurrency => 1;

    public Task<RowResult> RunAsync(CorpusRow row, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var outcome = RowScanner.Scan(inspector, row, _findings);
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var counted = outcome.Counts(row);
        return Task.FromResult(new RowResult(row.Id, row.Category, row.IsAttack, Outcomes.Of(row.IsAttack, counted), counted ? outcome.FirstRule : null, ms));
    }
}
