namespace AiSpm.Admin.Api;

internal sealed record DeadLetterRetryResponse(string Sink, int Retried);
