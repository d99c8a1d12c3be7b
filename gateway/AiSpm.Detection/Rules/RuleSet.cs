namespace AiSpm.Detection.Rules;

/// <summary>
/// The rules of the active packs in a rules folder, as one versioned set; <paramref name="AvailablePacks"/> names every
/// pack the folder holds, active or not.
/// </summary>
internal sealed record RuleSet(IReadOnlyList<RuleDefinition> Rules, string Version, IReadOnlyList<string> Packs, IReadOnlyList<string> AvailablePacks);
