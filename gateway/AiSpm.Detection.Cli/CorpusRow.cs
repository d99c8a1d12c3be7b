namespace AiSpm.Detection.Cli;

/// <summary>One labelled text of a corpus (schema of shared/corpus/README.md).</summary>
internal sealed record CorpusRow(string Id, string Text, string Category, ScanPhase Phase, bool IsAttack);
