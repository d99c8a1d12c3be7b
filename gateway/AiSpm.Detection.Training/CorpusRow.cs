namespace AiSpm.Detection.Training;

/// <summary>One labelled text of a corpus JSONL file (schema in ../shared/corpus/README.md).</summary>
internal sealed record CorpusRow(string Id, string Text, string Label, string Category, string Phase, string Source);
