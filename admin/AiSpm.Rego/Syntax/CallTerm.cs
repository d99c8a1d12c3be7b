namespace AiSpm.Rego.Syntax;

/// <summary>A call. The resolver sets either FunctionPath (a user function in data) or Builtin.</summary>
internal sealed class CallTerm(string name, List<Expr> args, int line, int column) : Expr(line, column)
{
    public string Name { get; } = name;

    public List<Expr> Args { get; } = args;

    public string[]? FunctionPath { get; set; }

    public Builtins.BuiltinFunction? Builtin { get; set; }
}
