using System.Collections.Concurrent;

namespace AiSpm.MockUpstream.Serving;

/// <summary>Request counters, overall and per x-mock-tag, so tests can see in-flight and cancelled upstream requests.</summary>
internal sealed class MockStats
{
    private readonly ConcurrentDictionary<string, MockCounters> _byTag = new(StringComparer.Ordinal);

    public MockCounters All { get; } = new();

    public MockCounters? ForTag(string? tag) => tag is null ? null : _byTag.GetOrAdd(tag, static _ => new MockCounters());

    public MockCounters? Find(string tag) => _byTag.TryGetValue(tag, out var c) ? c : null;
}
