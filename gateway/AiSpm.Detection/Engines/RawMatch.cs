namespace AiSpm.Detection.Engines;

/// <summary>A rule's match span in normalized-text byte offsets.</summary>
internal struct RawMatch
{
    public int Rule;
    public int Start;
    public int End;
}
