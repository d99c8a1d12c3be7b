using AiSpm.Benchmarks.Inputs;
using AiSpm.Detection;
using BenchmarkDotNet.Attributes;

namespace AiSpm.Benchmarks.Detection;

/// <summary>
/// Stream-mode scan of a streamed response fed as 24-byte deltas (a few tokens each), against the baseline of one
/// block-mode scan of the same text: the difference is what streaming costs.
/// </summary>
[MemoryDiagnoser]
public class StreamScanBenchmarks
{
    private Inspector _inspector = null!;
    private readonly ScanContext _context = new();
    private readonly FindingList _findings = new();
    private byte[] _text = [];
    private byte[][] _deltas = [];

    [Params(2048, 16384, 131072)]
    public int Size { get; set; }

    // Corpus is real text: on it a long stream makes patterns candidates that never match, which then rescan after
    // every delta; how far back each rescan reaches is what keeps a long stream linear. Dense has thousands of
    // findings, which the stream merges and publishes as they come.
    [Params(PayloadKind.Benign, PayloadKind.Attack, PayloadKind.Corpus, PayloadKind.Dense)]
    public PayloadKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _inspector = Inspectors.Load(Inspectors.DefaultEngine());
        _text = Payloads.Text(Size, Kind);
        _deltas = Payloads.Deltas(_text, 24);
    }

    [Benchmark(Baseline = true)]
    public int BlockScanWholeText()
    {
        _findings.Clear();
        _inspector.ScanText(_text, ScanPhase.Response, _findings);
        return _findings.Count;
    }

    [Benchmark]
    public long StreamScanDeltas()
    {
        _context.Reset();
        using var stream = _inspector.OpenStream(_context);
        foreach (var delta in _deltas)
        {
            stream.FeedText(delta);
        }

        stream.Complete();
        return stream.Position + _context.Findings.Count;
    }
}
