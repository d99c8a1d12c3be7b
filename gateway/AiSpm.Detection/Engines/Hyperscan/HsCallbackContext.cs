namespace AiSpm.Detection.Engines.Hyperscan;

/// <summary>What the native match callback gets: the sink to report into, as a GCHandle.</summary>
internal struct HsCallbackContext
{
    public nint Sink;

    /// <summary>Rule index of each pattern id (ids are pattern positions, so cached databases survive rule renumbering).</summary>
    public unsafe int* Rules;
}
