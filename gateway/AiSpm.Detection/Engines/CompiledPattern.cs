using AiSpm.Detection.Rules;

namespace AiSpm.Detection.Engines;

/// <summary>One expression handed to an engine, labelled with the index and phase of the rule it belongs to.</summary>
internal readonly record struct CompiledPattern(int Rule, PatternDefinition Pattern, ScanPhase Phase);
