namespace AiSpm.Admin.Api;

internal sealed record DeadLettersResponse(string Sink, IReadOnlyList<DeadLetterResponse> Items);
