namespace AiSpm.Admin.Tests.Support;

/// <summary>One in-process admin service (local auth mode) shared by a test class.</summary>
public sealed class LocalAdminFixture : IAsyncLifetime
{
    internal AdminServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await AdminServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
