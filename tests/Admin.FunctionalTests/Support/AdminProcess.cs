using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace AiSpm.Admin.FunctionalTests.Support;

/// <summary>The admin service as a real process (dotnet AiSpm.Admin.dll) on a fixed loopback port, so it can be killed and started again at the same address.</summary>
internal sealed class AdminProcess : IAsyncDisposable
{
    public const string GatewayToken = "test-gateway-token-0123456789";

    private readonly Process _process;
    private readonly StringBuilder _log;

    private AdminProcess(Process process, StringBuilder log, Uri url, string adminToken)
    {
        _process = process;
        _log = log;
        Url = url;
        AdminToken = adminToken;
    }

    public Uri Url { get; }

    public string AdminToken { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string DllPath => Path.Combine(RepoPaths.Root, "admin", "AiSpm.Admin", "bin", Configuration, "net10.0", "AiSpm.Admin.dll");

    public static Task<AdminProcess> StartAsync(int port, string dataDirectory, params string[] extraArgs) =>
        StartAsync(port, dataDirectory, new Dictionary<string, string>(), extraArgs);

    /// <param name="environment">Variables for the child only (AWS endpoints and keys), so parallel tests do not see them.</param>
    public static async Task<AdminProcess> StartAsync(int port, string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(DllPath);
        psi.ArgumentList.Add("--listen");
        psi.ArgumentList.Add("http://127.0.0.1:" + port);
        psi.ArgumentList.Add("--local");
        psi.ArgumentList.Add("--data");
        psi.ArgumentList.Add(dataDirectory);
        foreach (var a in extraArgs)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["AISPM_ADMIN__AUTH__GATEWAYTOKEN"] = GatewayToken;
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        var log = new StringBuilder();
        var process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        string? token = null;
        Uri? url = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (url is null)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("admin exited early: " + log);
                if (line.StartsWith("admin-token: ", StringComparison.Ordinal))
                {
                    token = line["admin-token: ".Length..];
                }
                else if (line.StartsWith("admin: ", StringComparison.Ordinal))
                {
                    url = new Uri(line["admin: ".Length..]);
                }
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("admin did not start within 60 s: " + log);
        }

        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is not null)
            {
            }
        });
        return new AdminProcess(process, log, url, token ?? throw new InvalidOperationException("admin printed no admin-token line"));
    }

    public HttpClient Client(string? token = null)
    {
        var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? AdminToken);
        return http;
    }

    /// <summary>
    /// SIGSTOP: the admin keeps its socket, so connections are accepted by the kernel and never answered, the way a
    /// hung service looks to its clients. <see cref="Resume"/> sends SIGCONT.
    /// </summary>
    public void Pause() => _ = NativeMethods.Kill(_process.Id, NativeMethods.SigStop);

    public void Resume() => _ = NativeMethods.Kill(_process.Id, NativeMethods.SigCont);

    /// <summary>Kills the process, as a crash or an abrupt stop would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
