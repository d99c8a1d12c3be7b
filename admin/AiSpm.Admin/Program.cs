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

        await AdminApp.StartAsync(app, Console.Out);
        await app.WaitForShutdownAsync();
        return 0;
    }
}
