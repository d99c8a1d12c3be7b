namespace AiSpm.Detection.Evaluation;

/// <summary>A corpus line that does not follow the schema: which line, which field, what is wrong.</summary>
public sealed class CorpusFormatException : Exception
{
    public CorpusFormatException()
    {
    }

    public CorpusFormatException(string message)
        : base(message)
    {
    }

    public CorpusFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public CorpusFormatException(int line, string field, string reason, Exception? inner = null)
        : base("line " + line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + field + ": " + reason, inner)
    {
        Line = line;
        Field = field;
        Reason = reason;
    }

    /// <summary>1-based line number in the JSONL text.</summary>
    public int Line { get; }

    public string Field { get; } = "";

    public string Reason { get; } = "";
}
