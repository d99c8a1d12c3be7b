using AiSpm.Benchmarks.Inputs;
using AiSpm.Detection;
using AiSpm.Detection.Engines;
using AiSpm.Detection.Normalization;
using AiSpm.Detection.Scoring;
using BenchmarkDotNet.Attributes;

namespace AiSpm.Benchmarks.Detection;

/// <summary>
/// The three stages of <see cref="EngineBenchmarks.ScanText"/> one at a time on a long text, where that benchmark shows
/// only their sum: normalization, the pattern engine on text already normalized (for Hyperscan: the piece databases,
/// the confirmation windows and the regexes run in them), and the learned scorer. 1 GB/s at 128 KB is 128 µs for all
/// three; real text (<see cref="PayloadKind.Corpus"/>) is where they part from the repeated sentences of
/// <see cref="PayloadKind.Benign"/>.
/// </summary>
[MemoryDiagnoser]
public class StageBenchmarks
{
    private readonly NormalizedText _normalized = new();
    private readonly MatchSink _matches = new();
    private Inspector _inspector = null!;
    private LinearScorer _scorer = null!;
    private float[] _probabilities = [];
    private byte[] _text = [];
    private byte[] _normalizedBytes = [];

    [ParamsSource(nameof(Engines))]
    public EngineKind Engine { get; set; }

    /// <summary>Both engines, or those named in AISPM_BENCH_ENGINES.</summary>
    public static IEnumerable<EngineKind> Engines => Inspectors.SelectedEngines();

    [Params(131072)]
    public int Size { get; set; }

    [Params(PayloadKind.Benign, PayloadKind.Corpus)]
    public PayloadKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _inspector = Inspectors.Load(Engine);
        var path = RepoPaths.ScorerPath ?? throw new InvalidOperationException("no config/scorer/model.json: run ./aispm train");
        _scorer = LinearScorer.Load(path);
        _probabilities = new float[_scorer.ClassCount];
        _text = Payloads.Text(Size, Kind);
        // The engine and the scorer read what the normalizer wrote, decoded payloads included, as ScanText does.
        Normalizer.Normalize(_text, jsonEscaped: false, 0, _normalized);
        _normalizedBytes = _normalized.Bytes.ToArray();
    }

    [Benchmark(Baseline = true)]
    public int ReadEveryByte() => _text.AsSpan().IndexOf((byte)0);

    [Benchmark]
    public int Normalize()
    {
        _normalized.Clear();
        Normalizer.Normalize(_text, jsonEscaped: false, 0, _normalized);
        return _normalized.Length;
    }

    [Benchmark]
    public int MatchEngine()
    {
        _matches.Reset(_inspector.Rules.Count);
        _inspector.Engine.Scan(_normalizedBytes, ScanPhase.Request, _matches);
        return _matches.Count;
    }

    [Benchmark]
    public float Score()
    {
        _scorer.Score(_normalizedBytes, _probabilities);
        return _probabilities[0];
    }
}
