using AiSpm.Benchmarks.Budget;
using AiSpm.Benchmarks.Configuration;
using BenchmarkDotNet.Running;

namespace AiSpm.Benchmarks;

internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "check-budget")
        {
            return BudgetCommand.Run(args.AsSpan(1), Console.Out, Console.Error);
        }

        if (args.Length > 0 && args[0] == "scan")
        {
            return Discovery.ScanRun.Run(args.AsSpan(1), Console.Out);
        }

        if (args.Length > 0 && args[0] == "posture")
        {
            return Posture.PostureRun.Run(args.AsSpan(1), Console.Out);
        }

        var options = RunOptions.Parse(args);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
            .Run(options.BenchmarkDotNetArgs, BenchConfig.Create(options));

        var ran = 0;
        var failed = 0;
        foreach (var summary in summaries)
        {
            if (summary.HasCriticalValidationErrors)
            {
                failed++;
            }

            foreach (var report in summary.Reports)
            {
                ran++;
                if (!report.Success)
                {
                    failed++;
                }
            }
        }

        if (failed > 0)
        {
            Console.Error.WriteLine($"bench: {failed} benchmark(s) failed or did not validate");
            return 1;
        }

        // A filter that matches nothing is a mistake in the command, not a pass.
        if (ran == 0 && !options.ListOnly)
        {
            Console.Error.WriteLine("bench: no benchmark matched the filter");
            return 1;
        }

        return 0;
    }
}
