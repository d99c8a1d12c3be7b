namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>One server-sent event: its optional "event:" name and its data lines joined by newlines.</summary>
public sealed record SseEvent(string? Name, string Data)
{
    public override string ToString() => Name is null ? "data: " + Data : "event: " + Name + " | data: " + Data;
}
