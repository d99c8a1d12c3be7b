using AiSpm.Detection.Evaluation;

namespace AiSpm.Admin.RedTeam;

/// <summary>A validated run request: the rows, where they came from, and the gateway for a gateway run (null in
/// process).</summary>
internal sealed record RedTeamPlan(string Corpus, IReadOnlyList<CorpusRow> Rows, GatewayTargetOptions? Gateway, string? StartedBy);
