using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AiSpm.Benchmarks.Configuration;

internal static class BenchConfig
{
    public static IConfig Create(RunOptions options)
    {
        // In-process: BenchmarkDotNet's default generates and builds a second project, which under central package
        // management, warnings-as-errors and a busy 2-core machine costs minutes and breaks on other people's
        // half-written files. The hot paths measured here do not depend on process isolation.
        // Loading the full rule pack compiles a pattern database, which on a busy machine outlasts the in-process
        // toolchain's default 5-minute limit per benchmark case.
        var toolchain = new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true);
        var job = options.Short
            ? new Job("Short")
                .WithToolchain(toolchain)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(1)
                .WithInvocationCount(16)
                .WithUnrollFactor(1)
            : Job.Default
                .WithToolchain(toolchain)
                .WithWarmupCount(3)
                .WithIterationCount(12)
                .WithId("InProcess");

        var config = ManualConfig.CreateEmpty()
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(JsonExporter.Full, CsvExporter.Default, MarkdownExporter.GitHub)
            .WithOptions(ConfigOptions.JoinSummary);

        if (options.Short)
        {
            // Short mode checks that the suites run and the budget holds, in whatever configuration the caller built.
            config = config.WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }

        return config;
    }
}
