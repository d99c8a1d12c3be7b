namespace AiSpm.Admin.Api;

internal sealed record DefenderModeResponse(string? Mode, string Version);
