namespace AiSpm.Admin.Api;

internal sealed record SinksResponse(IReadOnlyList<SinkStatusResponse> Sinks);
