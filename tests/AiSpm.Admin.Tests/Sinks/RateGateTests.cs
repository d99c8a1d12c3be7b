using System.Diagnostics;
using AiSpm.Admin.Sinks;

namespace AiSpm.Admin.Tests.Sinks;

public sealed class RateGateTests
{
    [Fact]
    public async Task SendsAreSpacedByTheSinksRate()
    {
        var gate = new RateGate(20, TimeProvider.System);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 6; i++)
        {
            await gate.WaitAsync(CancellationToken.None);
        }

        // The first send goes at once, the next five wait 50 ms each.
        Assert.InRange(watch.Elapsed.TotalMilliseconds, 240, 5000);
    }
}
