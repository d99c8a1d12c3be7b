using AiSpm.Rego.Syntax;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Evaluation;

internal sealed partial class Interpreter
{
    private RuleNode? FindNode(string[] path)
    {
        var node = _root;
        for (var i = 1; i < path.Length && node is not null; i++)
        {
            node = node.Child(path[i]);
        }

        return node;
    }

    private static RegoValue? Lookup(RegoValue? v, RegoValue key) => v switch
    {
        RegoObject o => o.Get(key),
        RegoArray a => key is RegoNumber { IsInteger: true } n && n.Integer >= 0 && n.Integer < a.Count ? a.Items[(int)n.Integer] : null,
        RegoSet s => s.Contains(key) ? key : null,
        _ => null,
    };

    private static RegoValue? Lookup(RegoValue? v, string key) => v is RegoObject o ? o.Get(key) : null;

    private bool EvalGlobal(string[] path, List<Expr> ops, RegoValue?[] f, Func<RegoValue, bool> k)
    {
        if (path[0] == "input")
        {
            var v = _state.Input;
            for (var i = 1; i < path.Length && v is not null; i++)
            {
                v = Lookup(v, path[i]);
            }

            return v is null || EvalOperands(v, ops, 0, f, k);
        }

        return WalkData(_root, _state.Data, path, 1, ops, 0, f, k);
    }

    private bool WalkData(RuleNode? node, RegoValue? baseVal, string[] path, int pi, List<Expr> ops, int oi, RegoValue?[] f, Func<RegoValue, bool> k)
    {
        if (node is null || (_state.NodeOverrides is { } ov && ov.ContainsKey(node)) || node.Kind is not null)
        {
            var v = node is null ? baseVal : FullValue(node, baseVal);
            for (; pi < path.Length && v is not null; pi++)
            {
                v = Lookup(v, path[pi]);
            }

            return v is null || EvalOperands(v, ops, oi, f, k);
        }

        if (pi < path.Length)
        {
            return WalkData(node.Child(path[pi]), Lookup(baseVal, path[pi]), path, pi + 1, ops, oi, f, k);
        }

        if (oi == ops.Count)
        {
            var full = FullValue(node, baseVal);
            return full is null || k(full);
        }

        var op = ops[oi];
        if (IsPattern(op, f))
        {
            var full = FullValue(node, baseVal);
            return full is null || EvalOperands(full, ops, oi, f, k);
        }

        return EvalExpr(op, f, key =>
        {
            // Under data, a number key reads the document of that name (`data.test[2]` is `data.test["2"]`).
            var name = key is RegoString s ? s.Value : key is RegoNumber ? key.ToJson() : null;
            if (name is not null)
            {
                return WalkData(node.Child(name), Lookup(baseVal, name), path, pi, ops, oi + 1, f, k);
            }

            var v = Lookup(baseVal, key);
            return v is null || EvalOperands(v, ops, oi + 1, f, k);
        });
    }

    private bool EvalOperands(RegoValue value, List<Expr> ops, int i, RegoValue?[] f, Func<RegoValue, bool> k)
    {
        if (i == ops.Count)
        {
            return k(value);
        }

        var op = ops[i];
        if (IsPattern(op, f))
        {
            switch (value)
            {
                case RegoArray a:
                    for (var j = 0; j < a.Items.Length; j++)
                    {
                        Step();
                        var item = a.Items[j];
                        if (!UnifyValue(op, RegoNumber.Of(j), f, false, () => EvalOperands(item, ops, i + 1, f, k)))
                        {
                            return false;
                        }
                    }

                    return true;
                case RegoObject o:
                    foreach (var key in o.SortedKeys)
                    {
                        Step();
                        var item = o.Items[key];
                        if (!UnifyValue(op, key, f, false, () => EvalOperands(item, ops, i + 1, f, k)))
                        {
                            return false;
                        }
                    }

                    return true;
                case RegoSet s:
                    foreach (var item in s.Sorted)
                    {
                        Step();
                        if (!UnifyValue(op, item, f, false, () => EvalOperands(item, ops, i + 1, f, k)))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return true;
            }
        }

        return EvalExpr(op, f, key =>
        {
            var child = Lookup(value, key);
            return child is null || EvalOperands(child, ops, i + 1, f, k);
        });
    }

    /// <summary>The value of a path of the data tree: base data merged with the rules at and under it.</summary>
    private RegoValue? FullValue(RuleNode node, RegoValue? baseVal)
    {
        if (_state.NodeOverrides is { } ov && ov.TryGetValue(node, out var over))
        {
            return over;
        }

        if (_state.FullCache.TryGetValue(node, out var box))
        {
            return box.Value;
        }

        RegoValue? result = null;
        if (node.Kind == RuleKind.Function)
        {
            // A function without parameters is also a document (Regorus and OPA v1 materialize `f() := v`).
            if ((node.Rules.Count > 0 ? node.Rules[0] : node.Default)?.Args.Count == 0)
            {
                CallFunction(node, [], v =>
                {
                    result = v;
                    return true;
                });
            }
        }
        else
        {
            var own = node.Kind is null ? null : RuleValue(node);
            if (node.Children.Count == 0)
            {
                result = node.Kind is null ? baseVal ?? RegoObject.Empty : own;
            }
            else
            {
                var d = new Dictionary<RegoValue, RegoValue>();
                if (baseVal is RegoObject bo)
                {
                    foreach (var kv in bo.Items)
                    {
                        d[kv.Key] = kv.Value;
                    }
                }

                if (own is RegoObject oo)
                {
                    foreach (var kv in oo.Items)
                    {
                        d[kv.Key] = kv.Value;
                    }
                }

                foreach (var kv in node.Children)
                {
                    var cv = FullValue(kv.Value, Lookup(baseVal, kv.Key));
                    if (cv is not null)
                    {
                        d[new RegoString(kv.Key)] = cv;
                    }
                }

                result = node.Kind is null || own is RegoObject || d.Count > 0 ? new RegoObject(d) : own;
            }
        }

        _state.FullCache[node] = new Box(result);
        return result;
    }
}
