namespace AiSpm.Detection.Engines;

/// <summary>
/// A stream-mode scan: text arrives in pieces and a match spanning pieces is still reported, in absolute offsets.
/// Reusable: <see cref="TryReset"/> returns it to the state of a just-opened stream.
/// </summary>
internal interface IMatchStream : IDisposable
{
    /// <summary>Gives the stream the confirmation lookbacks of the rule set; called once, before the first piece.</summary>
    void Attach(StreamPlan plan);

    /// <summary>Scans the next piece; <paramref name="all"/> is the whole normalized text so far, ending with the piece.</summary>
    void Feed(ReadOnlySpan<byte> all, int pieceStart, MatchSink sink);

    /// <summary>End of data: reports matches that need it (<c>$</c>, <c>\b</c> at the end).</summary>
    void Complete(ReadOnlySpan<byte> all, MatchSink sink);

    /// <summary>
    /// A rule has a published finding in this stream: its patterns need no more confirmation passes. The verdict is
    /// made (enforce mode ends the stream at its first finding), and re-confirming a pattern with no length bound
    /// over the whole window after every delta is what made a long monitored stream quadratic.
    /// </summary>
    void Settle(int rule);

    /// <summary>Forgets the text so far (completed or abandoned) so a pool can hand the stream out again; false if it cannot be reused.</summary>
    bool TryReset();
}
