using AiSpm.Rego.Syntax;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Evaluation;

// The value of one rule (complete, partial set, partial object, default, else), computed once per query and cached.
internal sealed partial class Interpreter
{
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
}
