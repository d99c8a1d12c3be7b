using AiSpm.Benchmarks.Inputs;
using AiSpm.Detection.Scoring;
using BenchmarkDotNet.Attributes;

namespace AiSpm.Benchmarks.Detection;

/// <summary>
/// The learned scorer (hashed n-grams, linear model) on normalized text, with the shipped weights. Baseline: the
/// feature pass alone would be ideal, but it is not public; reading every byte once stands in as the floor.
/// </summary>
[MemoryDiagnoser]
public class ScorerBenchmarks
{
    private LinearScorer _scorer = null!;
    private float[] _probabilities = [];
    private byte[] _text = [];

    [Params(2048, 16384)]
    public int Size { get; set; }

    [Params(PayloadKind.Benign, PayloadKind.Attack)]
    public PayloadKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var path = RepoPaths.ScorerPath ?? throw new InvalidOperationException("no config/scorer/model.json: run ./aispm train");
        _scorer = LinearScorer.Load(path);
        _probabilities = new float[_scorer.ClassCount];
        _text = Payloads.Text(Size, Kind);
    }

    [Benchmark(Baseline = true)]
    public int ReadEveryByte() => _text.AsSpan().IndexOf((byte)0);

    [Benchmark]
    public float Score()
    {
        _scorer.Score(_text, _probabilities);
        return _probabilities[0];
    }
}
