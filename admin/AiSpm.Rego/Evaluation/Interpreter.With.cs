using AiSpm.Rego.Builtins;
using AiSpm.Rego.Syntax;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Evaluation;

internal sealed partial class Interpreter
{
    private bool EvalWith(Literal lit, int i, RegoValue?[] f, List<KeyValuePair<string[], object>> acc, Func<bool> k)
    {
        if (i < lit.Withs.Count)
        {
            var w = lit.Withs[i];
            var target = TargetPath(w.Target);
            if (FunctionReplacement(w.Value) is { } repl)
            {
                acc.Add(new(target, repl));
                try
                {
                    return EvalWith(lit, i + 1, f, acc, k);
                }
                finally
                {
                    acc.RemoveAt(acc.Count - 1);
                }
            }

            return EvalExpr(w.Value, f, v =>
            {
                acc.Add(new(target, v));
                try
                {
                    return EvalWith(lit, i + 1, f, acc, k);
                }
                finally
                {
                    acc.RemoveAt(acc.Count - 1);
                }
            });
        }

        var saved = _state;
        _state = Apply(saved, acc);
        try
        {
            return EvalLiteralCore(lit, f, () =>
            {
                var inner = _state;
                _state = saved;
                try
                {
                    return k();
                }
                finally
                {
                    _state = inner;
                }
            });
        }
        finally
        {
            _state = saved;
        }
    }

    private static string[] TargetPath(Expr target)
    {
        var parts = new List<string>();
        Expr head = target;
        List<Expr>? ops = null;
        if (target is RefTerm r)
        {
            head = r.Head;
            ops = r.Path;
        }

        if (head is not VarTerm v)
        {
            throw new RegoException("with target must be input, data or a function");
        }

        if (v.Global is { } g)
        {
            parts.AddRange(g);
        }
        else
        {
            parts.Add(v.Name);
        }

        if (ops is not null)
        {
            foreach (var o in ops)
            {
                parts.Add(o is ScalarTerm { Value: RegoString s } ? s.Value : throw new RegoException("with target must be a static reference"));
            }
        }

        return [.. parts];
    }

    private FunctionOverride? FunctionReplacement(Expr value)
    {
        if (value is VarTerm { Global: null } lv && BuiltinRegistry.TryGet(lv.Name, out _))
        {
            return new FunctionOverride(null, null, lv.Name);
        }

        if (value is VarTerm or RefTerm)
        {
            string[] path;
            try
            {
                path = TargetPath(value);
            }
            catch (RegoException)
            {
                return null;
            }

            if (path[0] == "data" && FindNode(path) is { IsFunction: true })
            {
                return new FunctionOverride(null, path, null);
            }

            var dotted = string.Join('.', path);
            if (path[0] != "data" && path[0] != "input" && BuiltinRegistry.TryGet(dotted, out _))
            {
                return new FunctionOverride(null, null, dotted);
            }
        }

        return null;
    }

    private EvalState Apply(EvalState s, List<KeyValuePair<string[], object>> withs)
    {
        var input = s.Input;
        var data = s.Data;
        var nodes = s.NodeOverrides is null ? null : new Dictionary<RuleNode, RegoValue>(s.NodeOverrides);
        var funcs = s.FunctionOverrides is null ? null : new Dictionary<string, FunctionOverride>(s.FunctionOverrides, StringComparer.Ordinal);
        foreach (var (path, what) in withs)
        {
            if (path[0] == "input")
            {
                input = SetPath(input, path, 1, (RegoValue)what);
                continue;
            }

            if (path[0] == "data")
            {
                var node = FindNode(path);
                if (node is { IsFunction: true } || what is FunctionOverride)
                {
                    funcs ??= new Dictionary<string, FunctionOverride>(StringComparer.Ordinal);
                    funcs[string.Join('.', path)] = what as FunctionOverride ?? new FunctionOverride((RegoValue)what, null, null);
                    continue;
                }

                var value = (RegoValue)what;
                if (node is not null)
                {
                    nodes ??= [];
                    nodes[node] = value;
                }

                data = SetPath(data, path, 1, value) ?? data;
                continue;
            }

            var name = string.Join('.', path);
            if (!BuiltinRegistry.TryGet(name, out _))
            {
                throw new RegoException($"with target {name} must be input, data or a function");
            }

            funcs ??= new Dictionary<string, FunctionOverride>(StringComparer.Ordinal);
            funcs[name] = what as FunctionOverride ?? new FunctionOverride((RegoValue)what, null, null);
        }

        return new EvalState(input, data, nodes, funcs, [], []);
    }

    private static RegoValue SetPath(RegoValue? root, string[] path, int i, RegoValue value)
    {
        if (i == path.Length)
        {
            return value;
        }

        var d = root is RegoObject o ? new Dictionary<RegoValue, RegoValue>(o.Items) : [];
        var key = new RegoString(path[i]);
        d[key] = SetPath(d.GetValueOrDefault(key), path, i + 1, value);
        return new RegoObject(d);
    }
}
