namespace AiSpm.Detection.Engines.Hyperscan;

/// <summary>What the native match callback gets: the sink to report into, as a GCHandle, and for block scans where to record positions.</summary>
internal struct HsCallbackContext
{
    public nint Sink;

    /// <summary>Rule index of each pattern id (ids are pattern positions, so cached databases survive rule renumbering).</summary>
    public unsafe int* Rules;

    /// <summary>Block scans: piece id and end offset of each report, up to <see cref="HitCapacity"/> (null in streams).</summary>
    public unsafe int* HitPieces;

    public unsafe int* HitEnds;

    public int HitCapacity;

    /// <summary>Every report, recorded or not; above the capacity the positions are incomplete.</summary>
    public int HitCount;
}
