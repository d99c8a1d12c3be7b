namespace AiSpm.Benchmarks.Budget;

/// <summary>One row of a BenchmarkDotNet report: <see cref="BytesAllocatedPerOperation"/> is null when the run failed.</summary>
internal sealed record MeasuredBenchmark(string Type, string Method, string Parameters, long? BytesAllocatedPerOperation)
{
    /// <summary>"Type.Method", the key a budget applies to for every parameter combination.</summary>
    public string Key => Type + "." + Method;

    /// <summary>"Type.Method(A=1&amp;B=2)", the key of one parameter combination.</summary>
    public string FullKey => Parameters.Length == 0 ? Key : Key + "(" + Parameters + ")";
}
