namespace AiSpm.Rego.Builtins;

/// <summary>What built-ins may see of the running evaluation: the fixed clock of this evaluation and its output sink.</summary>
internal sealed class EvalContext
{
    public long NowNs { get; } = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    public TextWriter? PrintSink { get; set; }
}
