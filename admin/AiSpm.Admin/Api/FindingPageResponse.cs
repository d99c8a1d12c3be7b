using AiSpm.Admin.Storage;

namespace AiSpm.Admin.Api;

internal sealed record FindingPageResponse(IReadOnlyList<FindingRecord> Items, string? NextCursor);
