using System.Diagnostics;

namespace AiSpm.Benchmarks.Tests.Load;

/// <summary>Runs one of the Node scripts of perf/load with a time limit and returns its exit code and stdout.</summary>
internal static class NodeRunner
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', args)} did not finish in {timeout}");
        }

        return (process.ExitCode, await output, await error);
    }
}
