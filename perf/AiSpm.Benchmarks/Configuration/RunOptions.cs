namespace AiSpm.Benchmarks.Configuration;

/// <summary>Our own switches, taken out before the rest goes to BenchmarkDotNet's command line.</summary>
internal sealed record RunOptions
{
    /// <summary>Correctness only: one short in-process iteration per benchmark, timings meaningless.</summary>
    public bool Short { get; init; }

    public bool ListOnly { get; init; }

    public string[] BenchmarkDotNetArgs { get; init; } = [];

    public static RunOptions Parse(string[] args)
    {
        var rest = new List<string>(args.Length);
        var isShort = false;
        var list = false;
        foreach (var arg in args)
        {
            if (arg == "--short")
            {
                isShort = true;
                continue;
            }

            if (arg == "--list")
            {
                list = true;
            }

            rest.Add(arg);
        }

        return new RunOptions { Short = isShort, ListOnly = list, BenchmarkDotNetArgs = [.. rest] };
    }
}
