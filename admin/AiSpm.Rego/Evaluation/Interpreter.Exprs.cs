using AiSpm.Rego.Builtins;
using AiSpm.Rego.Syntax;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Evaluation;

internal sealed partial class Interpreter
{
    private bool EvalExpr(Expr e, RegoValue?[] f, Func<RegoValue, bool> k)
    {
        if (e is RefTerm or BinaryTerm or CallTerm or MembershipTerm or VarTerm { Global: not null } && TrySimple(e, f, out var simple))
        {
            return simple is null || k(simple);
        }

        switch (e)
        {
            case ScalarTerm s:
                return k(s.Value);
            case VarTerm v:
                if (v.Global is not null)
                {
                    return EvalGlobal(v.Global, [], f, k);
                }

                var val = f[v.Slot];
                return val is null ? throw new RegoException($"var {v.Name} is unsafe") : k(val);
            case RefTerm r:
                if (r.Head is VarTerm { Global: { } g })
                {
                    return EvalGlobal(g, r.Path, f, k);
                }

                return EvalExpr(r.Head, f, hv => EvalOperands(hv, r.Path, 0, f, k));
            case ArrayTerm a:
                return EvalItems(a.Items, 0, new RegoValue[a.Items.Count], f, buf => k(new RegoArray((RegoValue[])buf.Clone())));
            case SetTerm s:
                return EvalItems(s.Items, 0, new RegoValue[s.Items.Count], f, buf => k(RegoSet.From(buf)));
            case ObjectTerm o:
                return EvalObject(o, f, k);
            case ComprTerm c:
                return EvalCompr(c, f, k);
            case CallTerm c:
                return EvalCall(c, f, k);
            case BinaryTerm b:
                if (b.Op is "=" or ":=")
                {
                    return Unify(b.Left, b.Right, f, b.Op == ":=", () => k(RegoBool.True));
                }

                return EvalExpr(b.Left, f, l => EvalExpr(b.Right, f, r =>
                {
                    RegoValue? v;
                    try
                    {
                        v = Operators.Apply(b.Op, l, r);
                    }
                    catch (RegoException) when (!_strict)
                    {
                        return true;
                    }

                    return v is null || k(v);
                }));
            case MembershipTerm m:
                return EvalExpr(m.Collection, f, coll =>
                {
                    if (m.Key is null)
                    {
                        return EvalExpr(m.Value, f, v => k(RegoBool.Of(Operators.Contains(coll, v))));
                    }

                    return EvalExpr(m.Key, f, kk => EvalExpr(m.Value, f, v => k(RegoBool.Of(Operators.ContainsPair(coll, kk, v)))));
                });
            default:
                throw new RegoException("unsupported expression");
        }
    }

    private bool EvalItems(List<Expr> items, int i, RegoValue[] buf, RegoValue?[] f, Func<RegoValue[], bool> done)
    {
        if (i == items.Count)
        {
            return done(buf);
        }

        if (TrySimple(items[i], f, out var simple))
        {
            if (simple is null)
            {
                return true;
            }

            buf[i] = simple;
            return EvalItems(items, i + 1, buf, f, done);
        }

        return EvalExpr(items[i], f, v =>
        {
            buf[i] = v;
            return EvalItems(items, i + 1, buf, f, done);
        });
    }

    private bool EvalObject(ObjectTerm o, RegoValue?[] f, Func<RegoValue, bool> k)
    {
        var n = o.Items.Count;
        var exprs = new List<Expr>(n * 2);
        foreach (var kv in o.Items)
        {
            exprs.Add(kv.Key);
            exprs.Add(kv.Value);
        }

        return EvalItems(exprs, 0, new RegoValue[n * 2], f, buf =>
        {
            var d = new Dictionary<RegoValue, RegoValue>(n);
            for (var i = 0; i < n; i++)
            {
                d[buf[2 * i]] = buf[(2 * i) + 1];
            }

            return k(new RegoObject(d));
        });
    }

    private bool EvalCompr(ComprTerm c, RegoValue?[] f, Func<RegoValue, bool> k)
    {
        switch (c.Kind)
        {
            case ComprKind.Array:
                var list = new List<RegoValue>();
                EvalBody(c.Body.Literals, 0, f, () => EvalExpr(c.Value, f, v =>
                {
                    list.Add(v);
                    return true;
                }));
                return k(new RegoArray([.. list]));
            case ComprKind.Set:
                var set = new HashSet<RegoValue>();
                EvalBody(c.Body.Literals, 0, f, () => EvalExpr(c.Value, f, v =>
                {
                    set.Add(v);
                    return true;
                }));
                return k(new RegoSet(set));
            default:
                var d = new Dictionary<RegoValue, RegoValue>();
                EvalBody(c.Body.Literals, 0, f, () => EvalExpr(c.Key!, f, kk => EvalExpr(c.Value, f, v =>
                {
                    if (d.TryGetValue(kk, out var old) && !old.Equals(v))
                    {
                        throw new RegoException($"object keys must be unique: value for key `{kk.ToJson()}` generated multiple times: `{old.ToJson()}` and `{v.ToJson()}`");
                    }

                    d[kk] = v;
                    return true;
                })));
                return k(new RegoObject(d));
        }
    }

    private bool EvalCall(CallTerm c, RegoValue?[] f, Func<RegoValue, bool> k)
    {
        Step();
        if (_state.FunctionOverrides is { } fo && fo.TryGetValue(c.FunctionPath is null ? c.Name : string.Join('.', c.FunctionPath), out var over))
        {
            return EvalOverriddenCall(c, over, f, k);
        }

        if (c.FunctionPath is not null)
        {
            var node = FindNode(c.FunctionPath)!;
            var arity = (node.Rules.Count > 0 ? node.Rules[0] : node.Default!).Args.Count;
            if (c.Args.Count == arity)
            {
                return EvalItems(c.Args, 0, new RegoValue[arity], f, buf => CallFunction(node, (RegoValue[])buf.Clone(), k));
            }

            if (c.Args.Count == arity + 1)
            {
                var args = c.Args.GetRange(0, arity);
                return EvalItems(args, 0, new RegoValue[arity], f, buf => CallFunction(node, (RegoValue[])buf.Clone(), r => UnifyValue(c.Args[^1], r, f, false, () => k(RegoBool.True))));
            }

            throw new RegoException($"function {c.Name} expects {arity} arguments, got {c.Args.Count}");
        }

        var b = c.Builtin!;
        if (b.Arity >= 0 && c.Args.Count == b.Arity + 1)
        {
            return EvalItems(c.Args.GetRange(0, b.Arity), 0, new RegoValue[b.Arity], f, buf => CallBuiltin(b, (RegoValue[])buf.Clone(), r => UnifyValue(c.Args[^1], r, f, false, () => k(RegoBool.True))));
        }

        return EvalItems(c.Args, 0, new RegoValue[c.Args.Count], f, buf => CallBuiltin(b, (RegoValue[])buf.Clone(), k));
    }

    private bool CallBuiltin(BuiltinFunction b, RegoValue[] args, Func<RegoValue, bool> k)
    {
        RegoValue? v;
        try
        {
            v = b.Impl(new BuiltinArgs(b.Name, args, _ctx));
        }
        catch (RegoException) when (!_strict)
        {
            // OPA's default: a built-in error makes the expression undefined.
            return true;
        }
        catch (Exception e) when (e is ArithmeticException or ArgumentException or FormatException or InvalidOperationException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            if (!_strict)
            {
                return true;
            }

            throw new RegoException($"`{b.Name}`: {e.Message}", e);
        }

        return v is null || k(v);
    }

    private bool EvalOverriddenCall(CallTerm c, FunctionOverride over, RegoValue?[] f, Func<RegoValue, bool> k)
    {
        if (over.Value is not null)
        {
            return EvalItems(c.Args, 0, new RegoValue[c.Args.Count], f, _ => k(over.Value));
        }

        if (over.FunctionPath is not null && FindNode(over.FunctionPath) is { IsFunction: true } node)
        {
            return EvalItems(c.Args, 0, new RegoValue[c.Args.Count], f, buf => CallFunction(node, (RegoValue[])buf.Clone(), k));
        }

        if (over.BuiltinName is not null && BuiltinRegistry.TryGet(over.BuiltinName, out var b))
        {
            return EvalItems(c.Args, 0, new RegoValue[c.Args.Count], f, buf => CallBuiltin(b, (RegoValue[])buf.Clone(), k));
        }

        throw new RegoException($"invalid replacement for {c.Name}");
    }
}
