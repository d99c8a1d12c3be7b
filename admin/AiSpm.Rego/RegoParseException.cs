namespace AiSpm.Rego;

/// <summary>A syntax or compile error at a position in a source file.</summary>
public sealed class RegoParseException : RegoException
{
    public RegoParseException(string file, int line, int column, string reason)
        : base($"{file}:{line}:{column}: {reason}")
    {
        File = file;
        Line = line;
        Column = column;
        Reason = reason;
    }

    public string File { get; }

    public int Line { get; }

    public int Column { get; }

    public string Reason { get; }
}
