using System.Text.Json;
using AiSpm.Benchmarks.Inputs;
using AiSpm.Detection;
using BenchmarkDotNet.Attributes;

namespace AiSpm.Benchmarks.Detection;

/// <summary>
/// The request path: one pass over an OpenAI body pulling out every text, normalizing and scanning it. The baseline is
/// a bare <see cref="Utf8JsonReader"/> walk over the same bytes, the floor any extraction pays.
/// </summary>
[MemoryDiagnoser]
public class RequestBodyBenchmarks
{
    private Inspector _inspector = null!;
    private readonly ScanContext _context = new();
    private byte[] _body = [];

    [Params(2048, 16384, 131072)]
    public int Size { get; set; }

    [Params(PayloadKind.Benign, PayloadKind.Attack)]
    public PayloadKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _inspector = Inspectors.Load(Inspectors.DefaultEngine());
        _body = Payloads.ChatRequest(Size, Kind);
    }

    [Benchmark(Baseline = true)]
    public int JsonReaderWalk()
    {
        var reader = new Utf8JsonReader(_body);
        var strings = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                strings += reader.ValueSpan.Length;
            }
        }

        return strings;
    }

    [Benchmark]
    public int ScanRequestBody()
    {
        _context.Reset();
        _inspector.ScanRequestBody(_body, _context);
        return _context.Findings.Count;
    }
}
