using AiSpm.Benchmarks.Inputs;
using AiSpm.Detection;
using BenchmarkDotNet.Attributes;

namespace AiSpm.Benchmarks.Detection;

/// <summary>
/// Normalization, pattern engine and validators over one plain text, per engine. The baseline reads every byte once
/// (a vectorized search for a byte that is not there): the memory-bandwidth floor for a scan of that size.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private Inspector _inspector = null!;
    private readonly FindingList _findings = new();
    private byte[] _text = [];

    [ParamsSource(nameof(Engines))]
    public EngineKind Engine { get; set; }

    /// <summary>Both engines, or those named in AISPM_BENCH_ENGINES (e.g. "managed") to measure one alone.</summary>
    public static IEnumerable<EngineKind> Engines => Inspectors.SelectedEngines();

    [Params(2048, 16384, 131072)]
    public int Size { get; set; }

    [Params(PayloadKind.Benign, PayloadKind.Attack, PayloadKind.Corpus)]
    public PayloadKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _inspector = Inspectors.Load(Engine);
        _text = Payloads.Text(Size, Kind);
    }

    [Benchmark(Baseline = true)]
    public int ReadEveryByte() => _text.AsSpan().IndexOf((byte)0);

    [Benchmark]
    public int ScanText()
    {
        _findings.Clear();
        _inspector.ScanText(_text, ScanPhase.Request, _findings);
        return _findings.Count;
    }
}
