using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Api;

internal sealed record AssetPageResponse(IReadOnlyList<Asset> Items, string? NextCursor);
