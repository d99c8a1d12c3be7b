using AiSpm.Detection;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Tests.RulePacks;

namespace AiSpm.Gateway.Tests.Enforcement;

public sealed class InspectorHolderTests : IDisposable
{
    private readonly TestPacks _packs = new();

    public InspectorHolderTests() => _packs.Write("alpha", "1.0.0", ("T-ALPHA", "alpha-marker"));

    public void Dispose() => _packs.Dispose();

    [Fact]
    public void ASwappedOutStackWithoutLeasesIsDisposedAtOnce()
    {
        using var holder = new InspectorHolder(Load());
        var first = holder.Current;

        holder.Swap(Load());

        Assert.True(first.IsDisposed);
        Assert.False(holder.Current.IsDisposed);
    }

    [Fact]
    public void ALeasedStackOutlivesTheSwapUntilTheLeaseEnds()
    {
        using var holder = new InspectorHolder(Load());
        var lease = holder.Acquire();
        var first = lease.Stack;

        holder.Swap(Load());

        Assert.NotSame(first, holder.Current);
        Assert.False(first.IsDisposed);
        lease.Dispose();
        Assert.True(first.IsDisposed);
    }

    [Fact]
    public void ALeaseTakenAfterASwapHoldsTheNewStack()
    {
        using var holder = new InspectorHolder(Load());
        holder.Swap(Load());

        using var lease = holder.Acquire();

        Assert.Same(holder.Current, lease.Stack);
        Assert.False(lease.Stack.IsDisposed);
    }

    [Fact]
    public async Task ConcurrentLeasesAndSwapsNeverHandOutADisposedStack()
    {
        using var holder = new InspectorHolder(Load());
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var readers = new Task[2];
        for (var r = 0; r < readers.Length; r++)
        {
            readers[r] = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    using var lease = holder.Acquire();
                    Assert.False(lease.Stack.IsDisposed);
                    Assert.NotEmpty(lease.Stack.Inspector.Rules);
                }
            });
        }

        for (var i = 0; i < 20 && !stop.IsCancellationRequested; i++)
        {
            holder.Swap(Load());
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
    }

    private Inspector Load() => Inspector.Load(new InspectorOptions { RulesDirectory = _packs.Directory, Engine = EngineKind.Managed });
}
