namespace AiSpm.Detection.Engines;

/// <summary>
/// A compiled pattern set. Both implementations report, per rule, the same union of match spans over the normalized
/// UTF-8 text (see <see cref="MatchSink"/>); the differential tests hold them to it.
/// </summary>
internal interface IMatchEngine : IDisposable
{
    string Name { get; }

    /// <summary>Block scan: adds every match of <paramref name="utf8"/> by a rule of <paramref name="phase"/> to <paramref name="sink"/>.</summary>
    void Scan(ReadOnlySpan<byte> utf8, ScanPhase phase, MatchSink sink);

    /// <summary>A stream over model output: it reports response-phase rules.</summary>
    IMatchStream OpenStream();
}
