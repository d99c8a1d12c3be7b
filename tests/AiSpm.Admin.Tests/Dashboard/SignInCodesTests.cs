using AiSpm.Admin.Dashboard;

namespace AiSpm.Admin.Tests.Dashboard;

public sealed class SignInCodesTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void ACodeIsRedeemedExactlyOnce()
    {
        var codes = new SignInCodes(new ManualTime());
        var code = codes.Issue()!;
        Assert.True(codes.TryRedeem(code));
        Assert.False(codes.TryRedeem(code));
    }

    [Fact]
    public void ACodeExpiresAfterItsLifetime()
    {
        var time = new ManualTime();
        var codes = new SignInCodes(time);
        var code = codes.Issue()!;
        time.Now += SignInCodes.Lifetime;
        Assert.False(codes.TryRedeem(code));
    }

    [Fact]
    public void UnknownEmptyAndOverlongCodesAreRefused()
    {
        var codes = new SignInCodes(new ManualTime());
        var code = codes.Issue()!;
        Assert.False(codes.TryRedeem(null));
        Assert.False(codes.TryRedeem(""));
        Assert.False(codes.TryRedeem(code + "x"));
        Assert.False(codes.TryRedeem(new string('a', 65)));
        Assert.True(codes.TryRedeem(code));
    }

    [Fact]
    public void IssuingStopsAtTheOutstandingCapUntilCodesExpire()
    {
        var time = new ManualTime();
        var codes = new SignInCodes(time);
        var issued = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < SignInCodes.MaxOutstanding; i++)
        {
            Assert.True(issued.Add(codes.Issue()!));
        }

        Assert.Null(codes.Issue());
        time.Now += SignInCodes.Lifetime;
        Assert.NotNull(codes.Issue());
    }
}
