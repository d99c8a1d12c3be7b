using AiSpm.Contracts;

namespace AiSpm.Admin.Api;

internal sealed record EventPageResponse(IReadOnlyList<DetectionEvent> Items, string? NextCursor);
