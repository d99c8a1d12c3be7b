namespace AiSpm.Detection.Engines;

/// <summary>A stream-mode scan: text arrives in pieces and a match spanning pieces is still reported, in absolute offsets.</summary>
internal interface IMatchStream : IDisposable
{
    /// <summary>Scans the next piece; <paramref name="all"/> is the whole normalized text so far, ending with the piece.</summary>
    void Feed(ReadOnlySpan<byte> all, int pieceStart, MatchSink sink);

    /// <summary>End of data: reports matches that need it (<c>$</c>, <c>\b</c> at the end).</summary>
    void Complete(ReadOnlySpan<byte> all, MatchSink sink);
}
