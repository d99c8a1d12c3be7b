using System.Diagnostics;
using System.Net;
using AiSpm.Admin.FunctionalTests.Support;

namespace AiSpm.Admin.FunctionalTests.Hosting;

/// <summary>The admin service as a real process: what it refuses at start, and where its local token goes.</summary>
public sealed class AdminStartupTests
{
    [Fact]
    public async Task TheLocalTokenGoesToStdoutOnlyAndNeverToTheLog()
    {
        using var tmp = new TempDir();
        await using var admin = await AdminProcess.StartAsync(AdminProcess.FreePort(), tmp.Sub("data"));
        using var http = admin.Client();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/spm/api/events")).StatusCode);
        using var bad = admin.Client("not-" + admin.AdminToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bad.GetAsync("/spm/api/events")).StatusCode);

        Assert.Contains("LOCAL AUTH MODE", admin.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(admin.AdminToken, admin.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(admin.AdminToken.Split('.')[2], admin.Log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auth:mode is required", "--listen", "http://0.0.0.0:{port}")]
    [InlineData("loopback only", "--listen", "http://0.0.0.0:{port}", "--no-auth")]
    [InlineData("auth:audience or auth:clientIds is required", "--auth:mode=oidc", "--auth:authority=https://issuer.example", "--auth:groupRoles:ops=admin")]
    public async Task UnsafeSettingsStopTheProcessWithAMessage(string expected, params string[] args)
    {
        using var tmp = new TempDir();
        var port = AdminProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(AdminProcess.DllPath);
        psi.ArgumentList.Add("--data");
        psi.ArgumentList.Add(tmp.Sub("data"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a.Replace("{port}", port, StringComparison.Ordinal));
        }

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(guard.Token);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains(expected, await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("admin: ", await stdout, StringComparison.Ordinal);
    }
}
