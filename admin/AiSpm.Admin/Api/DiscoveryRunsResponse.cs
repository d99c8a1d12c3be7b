using AiSpm.Admin.Storage.Assets;

namespace AiSpm.Admin.Api;

internal sealed record DiscoveryRunsResponse(IReadOnlyList<DiscoveryRun> Items);
