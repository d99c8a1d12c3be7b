using System.Diagnostics;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Traffic;

namespace AiSpm.Gateway.Tests.Traffic;

public sealed class TrafficRecorderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static TrafficTag Tag(string key, string? team = "sales", string model = "gpt-4o", bool traced = false, long tokensIn = 0, long tokensOut = 0) => new()
    {
        Exchange = new ExchangeInfo("chat_completions", model, Enforce: true, new RequestIdentity(key, team, null, null, null), new TraceIds("r", "t", "a")),
        TraceArrived = traced,
        TokensIn = tokensIn,
        TokensOut = tokensOut,
    };

    private static long Ms(double ms) => (long)(ms * Stopwatch.Frequency / 1000);

    [Fact]
    public void RequestsSumIntoOneRowPerMinuteAndCallerWithStatusesTokensLatencyAndTraces()
    {
        var clock = new Clock(T0.AddSeconds(5));
        var recorder = new TrafficRecorder(clock, enabled: true);
        for (var i = 0; i < 98; i++)
        {
            recorder.Record(Tag("sales-key", traced: i % 2 == 0, tokensIn: 10, tokensOut: 5), 200, Ms(20));
        }

        recorder.Record(Tag("sales-key"), 403, Ms(3));
        recorder.Record(Tag("sales-key"), 429, Ms(900));
        recorder.Record(Tag("ops-key", team: "ops"), 502, Ms(40));
        clock.Now = T0.AddSeconds(70);
        recorder.Record(Tag("sales-key"), 200, Ms(10));

        // The minute that just closed is not drained yet: a slow request may still land in it.
        Assert.Empty(recorder.Drain());
        clock.Now = T0.AddMinutes(2).AddSeconds(1);
        var rows = recorder.Drain();
        Assert.Equal(2, rows.Count);
        var sales = rows.Single(r => r.Key == "sales-key");
        Assert.Equal((T0, "chat_completions", "gpt-4o", "sales"), (sales.Minute, sales.Route, sales.Model, sales.Team));
        Assert.Equal(100, sales.Requests);
        Assert.Equal((98L, 2L, 0L, 1L, 1L), (sales.Status2xx, sales.Status4xx, sales.Status5xx, sales.Blocked, sales.RateLimited));
        Assert.Equal((980L, 490L), (sales.TokensIn, sales.TokensOut));
        Assert.Equal(49, sales.WithTraceparent);
        Assert.Equal(25, sales.LatencyP50Ms);
        Assert.Equal(25, sales.LatencyP95Ms);
        Assert.Equal(25, sales.LatencyP99Ms);
        Assert.InRange(sales.LatencyMaxMs, 899, 901);
        Assert.Equal(1, rows.Single(r => r.Key == "ops-key").Status5xx);

        // The later minute waits for its turn, then is drained once.
        clock.Now = T0.AddMinutes(3).AddSeconds(1);
        var later = Assert.Single(recorder.Drain());
        Assert.Equal(T0.AddMinutes(1), later.Minute);
        Assert.Empty(recorder.Drain(all: true));
    }

    [Fact]
    public void DistinctCallersPastTheCapCountUnderOther()
    {
        var clock = new Clock(T0);
        var recorder = new TrafficRecorder(clock, enabled: true, maxCellsPerMinute: 3);
        for (var i = 0; i < 10; i++)
        {
            recorder.Record(Tag("key" + (char)('a' + i)), 200, Ms(5));
        }

        var rows = recorder.Drain(all: true);
        Assert.Equal(4, rows.Count);
        var other = rows.Single(r => r.Key == TrafficRecorder.Other);
        Assert.Equal(7, other.Requests);
        Assert.Equal(10, rows.Sum(r => r.Requests));
    }

    [Fact]
    public void NothingIsKeptWhenDisabledOrBeforeTheExchangeIsKnown()
    {
        var disabled = new TrafficRecorder(new Clock(T0), enabled: false);
        disabled.Record(Tag("sales-key"), 200, Ms(1));
        Assert.Empty(disabled.Drain(all: true));
        var enabled = new TrafficRecorder(new Clock(T0), enabled: true);
        enabled.Record(new TrafficTag(), 400, Ms(1));
        Assert.Empty(enabled.Drain(all: true));
    }
}
