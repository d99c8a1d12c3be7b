using AiSpm.Admin.Storage.Posture;

namespace AiSpm.Admin.Api;

internal sealed record ExceptionsResponse(IReadOnlyList<PostureException> Items);
