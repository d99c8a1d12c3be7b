using System.Diagnostics;
using System.Text;

namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>A child process that announces "name: http://127.0.0.1:PORT" on stdout once it listens; killed on dispose.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The base URL without a trailing slash, e.g. http://127.0.0.1:1234.</summary>
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

    public bool HasExited => _process.HasExited;

    public static async Task<ServiceProcess> StartAsync(string fileName, IEnumerable<string> args, string announce, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        if (env is not null)
        {
            foreach (var (k, v) in env)
            {
                psi.Environment[k] = v;
            }
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

            if (e.Data.StartsWith(announce, StringComparison.Ordinal) && Uri.TryCreate(e.Data[announce.Length..].Trim(), UriKind.Absolute, out var url))
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
        process.Exited += (_, _) => announced.TrySetException(new InvalidOperationException($"{Describe(psi)} exited before announcing '{announce}'"));

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await announced.Task.WaitAsync(StartTimeout);
            var service = new ServiceProcess(process, url);
            lock (output)
            {
                service._output.Append(output);
            }

            // Keep collecting after the announcement for diagnostics.
            process.OutputDataReceived += (_, e) => service.Append(e.Data);
            process.ErrorDataReceived += (_, e) => service.Append(e.Data);
            return service;
        }
        catch (Exception e)
        {
            Kill(process);
            string text;
            lock (output)
            {
                text = output.ToString();
            }

            throw new InvalidOperationException($"{Describe(psi)} did not start: {e.Message}\n--- its output ---\n{text}", e);
        }
    }

    /// <summary>Stops the process as an orchestrator would (SIGTERM), so its hosted services flush, and waits for it.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            await kill!.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string Describe(ProcessStartInfo psi) => psi.FileName + " " + string.Join(' ', psi.ArgumentList);
}
