namespace AiSpm.Admin.Api;

internal sealed record HealthResponse(string Status, string Storage, string Version);
