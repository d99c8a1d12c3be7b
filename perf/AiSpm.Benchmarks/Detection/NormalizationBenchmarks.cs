using AiSpm.Benchmarks.Inputs;
using AiSpm.Detection.Normalization;
using BenchmarkDotNet.Attributes;

namespace AiSpm.Benchmarks.Detection;

/// <summary>
/// The normalizer alone (JSON unescaping, NFKC-style folding, invisible characters, confusables, encoded payloads)
/// into its reused per-thread buffer. Baseline: copying the same bytes, the least a pass that writes output costs.
/// </summary>
[MemoryDiagnoser]
public class NormalizationBenchmarks
{
    private readonly NormalizedText _output = new();
    private byte[] _text = [];
    private byte[] _copy = [];

    [Params(2048, 16384, 131072)]
    public int Size { get; set; }

    [Params(PayloadKind.Benign, PayloadKind.Attack)]
    public PayloadKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = Payloads.Text(Size, Kind);
        _copy = new byte[_text.Length];
        // Grow the reused buffers once, as a long-running gateway thread would have.
        Normalizer.Normalize(_text, jsonEscaped: false, 0, _output);
    }

    [Benchmark(Baseline = true)]
    public int CopyBytes()
    {
        _text.CopyTo(_copy, 0);
        return _copy.Length;
    }

    [Benchmark]
    public int Normalize()
    {
        _output.Clear();
        Normalizer.Normalize(_text, jsonEscaped: false, 0, _output);
        return _output.Length;
    }
}
