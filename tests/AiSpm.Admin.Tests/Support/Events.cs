using AiSpm.Contracts;

namespace AiSpm.Admin.Tests.Support;

internal static class Events
{
    /// <summary>
    /// The start of a recent hour, so DynamoDB's day partitions and retention both cover it, and events a few minutes
    /// after it share every hour- or day-aligned correlation window: a base at an arbitrary second put two events five
    /// seconds apart into different windows whenever the hour turned between them.
    /// </summary>
    public static DateTimeOffset Base { get; } = new DateTimeOffset(DateTime.UtcNow.AddHours(-2).Ticks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour, TimeSpan.Zero);

    public static DetectionEvent Make(
        int second = 0,
        string category = "jailbreak",
        string severity = "high",
        string action = "flagged",
        string? key = "alice",
        string? team = "red",
        string? model = "gpt-4o",
        string rule = "jb.dan",
        string? id = null,
        string? evidence = "ignore all previous [REDACTED]",
        string[]? tags = null) => new()
        {
            EventId = id ?? DetectionEvent.NewId(),
            Timestamp = Base.AddSeconds(second),
            GatewayId = "gw-1",
            RuleId = rule,
            Category = category,
            Severity = severity,
            Action = action,
            Phase = "request",
            Mode = "monitor",
            Evidence = evidence,
            SpanStart = 3,
            SpanEnd = 12,
            Model = model,
            Route = "/v1/chat/completions",
            KeyAlias = key,
            Team = team,
            RequestId = "req-" + second,
            Tags = tags ?? ["owasp-llm:LLM01"],
        };
}
