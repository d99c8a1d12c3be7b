using AiSpm.Rego.Values;

namespace AiSpm.Rego.Builtins;

/// <summary>A built-in function: returns null for undefined, throws RegoException for an error.</summary>
internal sealed class BuiltinFunction(string name, int arity, Func<BuiltinArgs, RegoValue?> impl)
{
    public string Name { get; } = name;

    /// <summary>The number of arguments; -1 for any.</summary>
    public int Arity { get; } = arity;

    public Func<BuiltinArgs, RegoValue?> Impl { get; } = impl;
}
