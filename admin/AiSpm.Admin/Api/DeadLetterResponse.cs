namespace AiSpm.Admin.Api;

/// <summary>A delivery a sink never accepted, with what it was about and the last error.</summary>
internal sealed record DeadLetterResponse(
    string DeliveryId, string FindingId, long Revision, string Change, string Title, string Severity, int Attempts,
    string? LastError, DateTimeOffset CreatedAt);
