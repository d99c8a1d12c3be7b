namespace AiSpm.Detection.Rules;

/// <summary>A rule set that failed validation or compilation; <see cref="Errors"/> lists every problem with its rule id.</summary>
public sealed class RulePackException : Exception
{
    public RulePackException(IReadOnlyList<string> errors)
        : base(BuildMessage(errors)) => Errors = errors;

    public RulePackException()
        : this([])
    {
    }

    public RulePackException(string message)
        : base(message) => Errors = [message];

    public RulePackException(string message, Exception innerException)
        : base(message, innerException) => Errors = [message];

    public IReadOnlyList<string> Errors { get; }

    private static string BuildMessage(IReadOnlyList<string> errors) =>
        "rule pack refused (" + errors.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " error(s)):"
        + Environment.NewLine + string.Join(Environment.NewLine, errors);
}
