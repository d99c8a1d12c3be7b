namespace AiSpm.Rego;

/// <summary>An error while loading or evaluating Rego: a parse error, a compile error or an evaluation error.</summary>
public class RegoException : Exception
{
    public RegoException(string message)
        : base(message)
    {
    }

    public RegoException()
    {
    }

    public RegoException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
