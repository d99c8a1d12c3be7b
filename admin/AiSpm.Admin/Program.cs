using AiSpm.Admin.Dashboard;
using AiSpm.Admin.Hosting;

namespace AiSpm.Admin;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        WebApplication app;
        try
        {
            app = AdminApp.Build(args);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync("admin: " + ex.Message);
            return 2;
        }

        var uri = await AdminApp.StartAsync(app, Console.Out);
        await DashboardEndpoints.AnnounceAsync(app, uri, Console.Out);
        await app.WaitForShutdownAsync();
        return 0;
    }
}
