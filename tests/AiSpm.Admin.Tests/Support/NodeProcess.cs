using System.Diagnostics;
using System.Text;

namespace AiSpm.Admin.Tests.Support;

/// <summary>
/// Runs a node helper from tests/support (installing its npm packages first when missing) and waits for the line
/// "PREFIX: URL" on its stdout. Never skips: without node the test fails with a message saying what to install.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private NodeProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<NodeProcess> StartAsync(string supportFolder, string script, string linePrefix, params string[] args)
    {
        var dir = Path.Combine(RepoPaths.Root, "tests", "support", supportFolder);
        await EnsureInstalledAsync(dir);
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("node is required for this test (apt-get install nodejs npm, or ./aispm setup): " + ex.Message, ex);
        }

        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    throw new InvalidOperationException(script + " exited before announcing itself: " + stderr);
                }

                if (line.StartsWith(linePrefix + ": ", StringComparison.Ordinal))
                {
                    var node = new NodeProcess(process, new Uri(line[(linePrefix.Length + 2)..].Trim()));
                    _ = DrainAsync(process);
                    return node;
                }
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException(script + " did not announce itself within 30 s: " + stderr);
        }
    }

    private static async Task DrainAsync(Process process)
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync() is not null)
            {
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static async Task EnsureInstalledAsync(string dir)
    {
        if (Directory.Exists(Path.Combine(dir, "node_modules")))
        {
            return;
        }

        var psi = new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error") { WorkingDirectory = dir, RedirectStandardError = true, RedirectStandardOutput = true };
        using var npm = Process.Start(psi) ?? throw new InvalidOperationException("npm is required (./aispm setup)");
        var err = await npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException("npm ci failed in " + dir + ": " + err);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(3000))
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
