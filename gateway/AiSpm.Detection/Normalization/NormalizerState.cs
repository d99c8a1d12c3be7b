namespace AiSpm.Detection.Normalization;

/// <summary>What whitespace folding carries from one piece of a stream to the next.</summary>
internal struct NormalizerState
{
    public bool LastWasSpace;
    public int PendingHighSurrogate;
    public int PendingHighSurrogateStart;

    /// <summary>
    /// The state for text appended after <paramref name="output"/>'s last byte: a whitespace byte there folds whatever
    /// whitespace comes next. Joins (a body's next string, a decoded payload) then never leave two whitespace bytes in
    /// a row, which the Hyperscan pieces assume (a piece spells <c>[\n ]*</c> as at most one byte).
    /// </summary>
    public static NormalizerState After(NormalizedText output) =>
        new() { LastWasSpace = output.Length > 0 && output.Last is (byte)' ' or (byte)'\n' };
}
