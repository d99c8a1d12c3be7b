namespace AiSpm.Detection.Evaluation;

/// <summary>One labelled text of a corpus (the JSONL schema of shared/corpus/README.md).</summary>
public sealed record CorpusRow(string Id, string Text, string Category, ScanPhase Phase, bool IsAttack);
