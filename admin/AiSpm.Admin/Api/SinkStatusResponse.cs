namespace AiSpm.Admin.Api;

/// <summary>One sink as GET /spm/api/sinks shows it. State: disabled, failing (the last attempt failed) or ok.</summary>
internal sealed record SinkStatusResponse(
    string Name, string Type, bool Enabled, string State, long Backlog, long DeadLetters,
    DateTimeOffset? LastDeliveryAt, string? LastError, DateTimeOffset? LastErrorAt);
