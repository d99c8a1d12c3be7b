namespace AiSpm.Contracts;

/// <summary>
/// One detection verdict, as the gateway hands it to the admin service. <see cref="EventId"/> is unique per event and
/// makes ingest idempotent: a batch replayed from the spool never stores an event twice.
/// </summary>
public sealed record DetectionEvent
{
    /// <summary>Unique id; <see cref="NewId"/> gives a time-ordered GUID v7 in "N" format.</summary>
    public required string EventId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required string GatewayId { get; init; }
    public required string RuleId { get; init; }
    public required string Category { get; init; }
    /// <summary>info | low | medium | high | critical (see <see cref="EventSeverity"/>).</summary>
    public required string Severity { get; init; }
    /// <summary>flagged | blocked | redacted | allowed (see <see cref="EventAction"/>).</summary>
    public required string Action { get; init; }
    /// <summary>request | response.</summary>
    public required string Phase { get; init; }
    /// <summary>monitor | enforce: the mode in force when the verdict was made.</summary>
    public required string Mode { get; init; }
    /// <summary>Short, already redacted text around the match; never the raw prompt.</summary>
    public string? Evidence { get; init; }
    public int SpanStart { get; init; }
    public int SpanEnd { get; init; }
    public string? Model { get; init; }
    public string? Route { get; init; }
    public string? KeyAlias { get; init; }
    public string? Team { get; init; }
    public string? User { get; init; }
    public string? EndUser { get; init; }
    public string? LiteLlmCallId { get; init; }
    public string? RequestId { get; init; }
    public string? TraceParent { get; init; }
    public string? AmznTraceId { get; init; }
    /// <summary>Framework tags (OWASP LLM, OWASP Agentic, MITRE ATLAS, NIST AI RMF), e.g. "owasp-llm:LLM01".</summary>
    public string[] Tags { get; init => field = value ?? []; } = [];

    public static string NewId() => Guid.CreateVersion7().ToString("N");
}
