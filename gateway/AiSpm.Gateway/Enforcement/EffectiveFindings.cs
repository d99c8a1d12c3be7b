using AiSpm.Detection;

namespace AiSpm.Gateway.Enforcement;

/// <summary>Scratch list for the findings that survived suppression; a using-scope keeps call sites tidy.</summary>
internal sealed class EffectiveFindings : IDisposable
{
    public FindingList List { get; } = new(8);

    public void Dispose() => List.Clear();
}
