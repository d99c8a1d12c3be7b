using AiSpm.Gateway.Enforcement;

namespace AiSpm.Gateway.Tests.Enforcement;

public sealed class EventFieldsTests
{
    [Fact]
    public void AWellFormedTraceParentIsKept()
    {
        const string value = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Assert.Equal(value, EventFields.TraceParent(value));
    }

    [Theory]
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")] // upper case
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")] // zero trace id
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")] // zero parent id
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")] // invalid version
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")] // version 00 has no more fields
    [InlineData("not a traceparent at all, but just as long as one is!!")]
    public void AMalformedTraceParentIsReplacedByAHashOfIt(string value)
    {
        var stored = EventFields.TraceParent(value)!;
        Assert.StartsWith(EventFields.HashPrefix, stored);
        Assert.Equal(EventFields.HashPrefix.Length + 32, stored.Length);
        Assert.Equal(stored, EventFields.TraceParent(value));
        Assert.NotEqual(stored, EventFields.TraceParent(value + "x"));
    }

    [Fact]
    public void AFutureTraceParentVersionMayCarryMoreFields() =>
        Assert.Equal("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-abc", EventFields.TraceParent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-abc"));

    [Theory]
    [InlineData("req-123_abc.def:9")]
    [InlineData("0b9f7c2e8d4a4e0f9c1b2a3d4e5f6a7b")]
    public void AWellFormedRequestIdIsKept(string value) => Assert.Equal(value, EventFields.Id(value));

    [Theory]
    [InlineData("has space")]
    [InlineData("quote\"")]
    [InlineData("<script>")]
    [InlineData("é")]
    public void ARequestIdWithCharactersOutsideTheTokenSetIsHashed(string value) =>
        Assert.StartsWith(EventFields.HashPrefix, EventFields.Id(value));

    [Fact]
    public void ARequestIdLongerThanTheLimitIsHashedEvenIfItsCharactersAreFine()
    {
        Assert.Equal(new string('a', EventFields.MaxId), EventFields.Id(new string('a', EventFields.MaxId)));
        Assert.StartsWith(EventFields.HashPrefix, EventFields.Id(new string('a', 300)));
    }

    [Fact]
    public void AnXRayTraceIdIsKeptAndAnInvalidOneHashed()
    {
        const string value = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        Assert.Equal(value, EventFields.AmznTraceId(value));
        Assert.StartsWith(EventFields.HashPrefix, EventFields.AmznTraceId("Root=1 <x>"));
    }

    [Fact]
    public void ANameAtTheLimitIsKeptAndALongerOneCutWithAMarker()
    {
        var atLimit = new string('t', EventFields.MaxName);
        Assert.Same(atLimit, EventFields.Name(atLimit));

        var cut = EventFields.Name(new string('t', 300))!;
        Assert.Equal(EventFields.MaxName, cut.Length);
        Assert.EndsWith(EventFields.TruncatedMarker, cut);
    }

    [Fact]
    public void ACutNeverSplitsASurrogatePair()
    {
        // An emoji straddling the cut point: the cut drops it whole rather than keeping half.
        var keep = EventFields.MaxName - EventFields.TruncatedMarker.Length;
        var value = new string('a', keep - 1) + "😀" + new string('b', 100);

        var cut = EventFields.Name(value)!;

        Assert.True(cut.Length <= EventFields.MaxName);
        Assert.False(char.IsHighSurrogate(cut[cut.Length - EventFields.TruncatedMarker.Length - 1]));
        Assert.EndsWith(EventFields.TruncatedMarker, cut);
    }

    [Fact]
    public void EveryClientSuppliedValueOfAnExchangeIsBoundedForEvents()
    {
        var longName = new string('n', 400);
        var identity = new RequestIdentity(longName, longName, longName, longName, new string('c', 300));
        var trace = new TraceIds(new string('r', 300), new string('t', 300), new string('a', 300));
        var exchange = new ExchangeInfo(longName, longName, Enforce: true, identity, trace);

        var bounded = exchange.ForEvents;

        foreach (var value in new[] { bounded.Model, bounded.Route, bounded.KeyAlias, bounded.Team, bounded.User, bounded.EndUser, bounded.CallId, bounded.RequestId, bounded.TraceParent, bounded.AmznTraceId })
        {
            Assert.NotNull(value);
            Assert.InRange(value.Length, 1, EventFields.MaxName);
        }

        Assert.StartsWith(EventFields.HashPrefix, bounded.RequestId);
        Assert.StartsWith(EventFields.HashPrefix, bounded.CallId);
        Assert.Same(bounded, exchange.ForEvents);
    }
}
