namespace AiSpm.Admin.Tests.Support;

/// <summary>One dynalite server (a DynamoDB wire-protocol server) per test class; each test uses fresh table names.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private NodeProcess? _node;

    public Uri Url => _node?.Url ?? throw new InvalidOperationException("dynalite is not running");

    public async Task InitializeAsync() => _node = await NodeProcess.StartAsync("dynalite", "server.mjs", "dynalite");

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
