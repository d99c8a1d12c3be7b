namespace AiSpm.Detection;

/// <summary>
/// The detection stack behind one compiled rule database: extraction, normalization, pattern engine, validators and
/// the learned scorer. Thread-safe; per-thread scratch lives inside.
/// </summary>
public sealed class Inspector : IDisposable
{
    private Inspector(string engineName, IReadOnlyList<RuleInfo> rules, string packVersion)
    {
        EngineName = engineName;
        Rules = rules;
        PackVersion = packVersion;
    }

    /// <summary>"hyperscan" or "managed".</summary>
    public string EngineName { get; }

    public IReadOnlyList<RuleInfo> Rules { get; }

    public string PackVersion { get; }

    public static Inspector Load(InspectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Placeholder until the engine lands: no rules, nothing found.
        return new Inspector("managed", [], "0");
    }

    /// <summary>Scans every text the model will read in an OpenAI or Anthropic request body; offsets are into <paramref name="body"/>.</summary>
    public void ScanRequestBody(ReadOnlySpan<byte> body, ScanContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _ = body;
    }

    /// <summary>Scans a buffered (non-streamed) response body; offsets are into <paramref name="body"/>.</summary>
    public void ScanResponseBody(ReadOnlySpan<byte> body, ScanContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _ = body;
    }

    /// <summary>Scans one plain UTF-8 text (guardrail API, eval, red-team); offsets are into <paramref name="utf8Text"/>.</summary>
    public void ScanText(ReadOnlySpan<byte> utf8Text, ScanPhase phase, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        _ = utf8Text;
        _ = phase;
    }

    /// <summary>Opens a stream-mode scan over the deltas of one SSE response.</summary>
    public StreamInspector OpenStream(ScanContext context) => new(context);

    public void Dispose()
    {
    }
}
