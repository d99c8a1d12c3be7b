using AiSpm.Admin.Storage.RedTeam;

namespace AiSpm.Admin.Api;

/// <summary>Runs, newest first, without their row results.</summary>
internal sealed record RedTeamRunsResponse(IReadOnlyList<RedTeamRun> Items);
