namespace AiSpm.Detection.Scoring;

/// <summary>Receives the hashed feature buckets of one text, one call per feature occurrence.</summary>
/// <remarks>
/// The runtime scorer sums weights through it and the trainer collects sparse vectors through it, so both see exactly
/// the same features. Generic over a struct (or ref struct) sink so the JIT devirtualizes the call.
/// </remarks>
public interface IFeatureSink
{
    void Add(int bucket);
}
