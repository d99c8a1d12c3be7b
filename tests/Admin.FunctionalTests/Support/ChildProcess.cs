using System.Diagnostics;
using System.Text;

namespace AiSpm.Admin.FunctionalTests.Support;

/// <summary>A child process that announces "name: URL" on stdout once it listens (gateway, mock upstream); killed on dispose.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private ChildProcess(Process process, StringBuilder output, Uri url)
    {
        _process = process;
        _output = output;
        Url = url;
    }

    public Uri Url { get; }

    public string BaseUrl => Url.GetLeftPart(UriPartial.Authority);

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ChildProcess> StartAsync(string fileName, IEnumerable<string> args, string announce, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var output = new StringBuilder();
        var announced = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data.StartsWith(announce + ": ", StringComparison.Ordinal) && Uri.TryCreate(e.Data[(announce.Length + 2)..].Trim(), UriKind.Absolute, out var url))
            {
                announced.TrySetResult(url);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.Exited += (_, _) => announced.TrySetException(new InvalidOperationException(fileName + " exited before announcing '" + announce + "'"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new ChildProcess(process, output, await announced.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        }
        catch (Exception e)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            string text;
            lock (output)
            {
                text = output.ToString();
            }

            throw new InvalidOperationException(fileName + " did not start: " + e.Message + "\n--- output ---\n" + text, e);
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: the process gets no chance to flush or drain anything.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _ = NativeMethods.Kill(_process.Id, NativeMethods.SigKill);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager stops a service, then waits for a graceful exit.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            _ = NativeMethods.Kill(_process.Id, 15);
        }

        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
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
