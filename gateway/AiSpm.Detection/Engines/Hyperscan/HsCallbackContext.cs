namespace AiSpm.Detection.Engines.Hyperscan;

/// <summary>What the native match callback gets: the sink to report into, as a GCHandle.</summary>
internal struct HsCallbackContext
{
    public nint Sink;
}
