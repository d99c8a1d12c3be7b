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

    private RegoValue? RuleValue(RuleNode node)
    {
        if (_state.RuleCache.TryGetValue(node, out var box))
        {
            return box.Value;
        }

        if (!_inProgress.Add(node))
        {
            throw new RegoException("recursion detected when evaluating rule " + string.Join('.', node.Path));
        }

        RegoValue? v;
        try
        {
            v = ComputeRule(node);
        }
        finally
        {
            _inProgress.Remove(node);
        }

        _state.RuleCache[node] = new Box(v);
        return v;
    }

    private RegoValue? ComputeRule(RuleNode node)
    {
        switch (node.Kind)
        {
            case RuleKind.PartialSet:
                var set = new HashSet<RegoValue>();
                foreach (var r in node.Rules)
                {
                    var f = new RegoValue?[r.SlotCount];
                    var constKey = Compiler.ConstValue(r.Key) is not null;
                    EvalBody(r.Bodies[0].Query.Literals, 0, f, () => EvalExpr(r.Key!, f, v =>
                    {
                        set.Add(v);
                        return !constKey;
                    }));
                }

                return new RegoSet(set);
            case RuleKind.PartialObject:
                var d = new Dictionary<RegoValue, RegoValue>();
                foreach (var r in node.Rules)
                {
                    var f = new RegoValue?[r.SlotCount];
                    if (r.KeyPath is { } kp)
                    {
                        var constPath = Compiler.ConstValue(r.Value) is not null && kp.TrueForAll(x => Compiler.ConstValue(x) is not null);
                        EvalBody(r.Bodies[0].Query.Literals, 0, f, () => EvalItems(kp, 0, new RegoValue[kp.Count], f, keys => EvalExpr(r.Value!, f, v =>
                        {
                            MergeNested(d, keys, 0, v, r.SetLeaf);
                            return !constPath;
                        })));
                        continue;
                    }

                    var constPair = Compiler.ConstValue(r.Key) is not null && Compiler.ConstValue(r.Value) is not null;
                    EvalBody(r.Bodies[0].Query.Literals, 0, f, () => EvalExpr(r.Key!, f, kk => EvalExpr(r.Value!, f, v =>
                    {
                        if (d.TryGetValue(kk, out var old) && !old.Equals(v))
                        {
                            throw new RegoException($"rules must not produce multiple outputs: value for key `{kk.ToJson()}` generated multiple times: `{old.ToJson()}` and `{v.ToJson()}`");
                        }

                        d[kk] = v;
                        return !constPair;
                    })));
                }

                return new RegoObject(d);
            default:
                RegoValue? result = null;
                foreach (var r in node.Rules)
                {
                    var f = new RegoValue?[r.SlotCount];
                    foreach (var body in r.Bodies)
                    {
                        var any = false;
                        var valueExpr = body.Value ?? r.Value!;

                        // A constant value needs one solution only (early exit, as OPA and Regorus do).
                        var constant = Compiler.ConstValue(valueExpr) is not null;
                        EvalBody(body.Query.Literals, 0, f, () =>
                        {
                            return EvalExpr(valueExpr, f, v =>
                            {
                                any = true;
                                if (result is null)
                                {
                                    result = v;
                                }
                                else if (!result.Equals(v))
                                {
                                    throw new RegoException($"complete rules must not produce multiple outputs: {string.Join('.', node.Path)}");
                                }

                                return !constant;
                            });
                        });
                        if (any)
                        {
                            break;
                        }
                    }
                }

                if (result is null && node.Default is { } def)
                {
                    EvalExpr(def.Value!, new RegoValue?[def.SlotCount], v =>
                    {
                        result = v;
                        return false;
                    });
                }

                return result;
        }
    }

    private static void MergeNested(Dictionary<RegoValue, RegoValue> d, RegoValue[] keys, int i, RegoValue v, bool setLeaf)
    {
        var key = keys[i];
        if (i == keys.Length - 1 && setLeaf)
        {
            var members = d.TryGetValue(key, out var prev) && prev is RegoSet ps ? new HashSet<RegoValue>(ps.Items) : [];
            members.Add(v);
            d[key] = new RegoSet(members);
            return;
        }

        if (i == keys.Length - 1)
        {
            if (d.TryGetValue(key, out var old) && !old.Equals(v))
            {
                throw new RegoException($"rules must not produce multiple outputs: value for key `{key.ToJson()}` generated multiple times: `{old.ToJson()}` and `{v.ToJson()}`");
            }

            d[key] = v;
            return;
        }

        var inner = d.TryGetValue(key, out var existing) && existing is RegoObject eo ? new Dictionary<RegoValue, RegoValue>(eo.Items) : [];
        MergeNested(inner, keys, i + 1, v, setLeaf);
        d[key] = new RegoObject(inner);
    }

    private bool CallFunction(RuleNode node, RegoValue[] args, Func<RegoValue, bool> k)
    {
        if (!_inProgress.Add(node))
        {
            throw new RegoException("recursion detected when calling function " + string.Join('.', node.Path));
        }

        RegoValue? result = null;
        try
        {
            foreach (var r in node.Rules)
            {
                var f = new RegoValue?[r.SlotCount];
                UnifyArgs(r, args, 0, f, () =>
                {
                    foreach (var body in r.Bodies)
                    {
                        var any = false;
                        var valueExpr = body.Value ?? r.Value!;

                        // A constant value needs one solution only (early exit, as OPA and Regorus do).
                        var constant = Compiler.ConstValue(valueExpr) is not null;
                        EvalBody(body.Query.Literals, 0, f, () =>
                        {
                            return EvalExpr(valueExpr, f, v =>
                            {
                                any = true;
                                if (result is null)
                                {
                                    result = v;
                                }
                                else if (!result.Equals(v))
                                {
                                    throw new RegoException(args.Length == 0
                                        ? "rules should not produce multiple outputs: " + string.Join('.', node.Path)
                                        : "functions must not produce multiple outputs for same inputs: " + string.Join('.', node.Path));
                                }

                                return !constant;
                            });
                        });
                        if (any)
                        {
                            break;
                        }
                    }

                    return true;
                });
            }
        }
        finally
        {
            _inProgress.Remove(node);
        }

        if (result is null && node.Default is { } def)
        {
            EvalExpr(def.Value!, new RegoValue?[def.SlotCount], v =>
            {
                result = v;
                return false;
            });
        }

        return result is null || k(result);
    }

    private bool UnifyArgs(Rule r, RegoValue[] args, int i, RegoValue?[] f, Func<bool> k)
    {
        // Plain variable parameters (the common case) bind without a continuation per argument; the frame is the call's
        // own and dropped after it, so they need no unbinding.
        for (; i < args.Length && r.Args[i] is VarTerm { Global: null } v; i++)
        {
            if (v.IsWildcard)
            {
                continue;
            }

            var cur = f[v.Slot];
            if (cur is null)
            {
                f[v.Slot] = args[i];
            }
            else if (!cur.Equals(args[i]))
            {
                return true;
            }
        }

        return i == args.Length ? k() : UnifyValue(r.Args[i], args[i], f, false, () => UnifyArgs(r, args, i + 1, f, k));
    }
}
