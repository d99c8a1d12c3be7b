namespace AiSpm.Detection.Normalization;

/// <summary>What whitespace folding carries from one piece of a stream to the next.</summary>
internal struct NormalizerState
{
    public bool LastWasSpace;
    public int PendingHighSurrogate;
    public int PendingHighSurrogateStart;
}
