using AiSpm.Rego.Syntax;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Evaluation;

/// <summary>
/// The fast path of the interpreter: terms with at most one value (a scalar, a bound variable, a reference whose operands
/// are all static or bound) are evaluated directly, and a literal made of such terms (a comparison, a test, an assignment
/// to a fresh variable) is decided without a continuation. Most control literals are like that; a closure per term and per
/// literal was most of what an evaluation allocated. Anything else falls back to the general continuation-passing path,
/// which gives the same answers.
/// </summary>
internal sealed partial class Interpreter
{
    private enum Direct
    {
        /// <summary>Not a literal of single-valued terms: evaluate it the general way.</summary>
        No,

        /// <summary>The literal holds (if it bound a variable, its slot is returned to unbind after the rest of the body).</summary>
        Holds,

        /// <summary>The literal is false or undefined.</summary>
        Fails,
    }

    private Direct TryDirect(Literal lit, RegoValue?[] f, out int bound)
    {
        bound = -1;
        if (lit.Kind != LiteralKind.Expr || lit.Withs.Count > 0)
        {
            return Direct.No;
        }

        var e = lit.Expr!;
        if (e is BinaryTerm { Op: ":=" or "=" } b)
        {
            if (lit.Negated)
            {
                return Direct.No;
            }

            // `x := term` / `x = term` / `term = x` with x a fresh local: bind it.
            if (b.Left is VarTerm { Global: null, IsWildcard: false } lv && f[lv.Slot] is null && !(b.Right is VarTerm { Global: null } rv0 && f[rv0.Slot] is null))
            {
                if (!TrySimple(b.Right, f, out var rvalue))
                {
                    return Direct.No;
                }

                Step();
                if (rvalue is null)
                {
                    return Direct.Fails;
                }

                f[lv.Slot] = rvalue;
                bound = lv.Slot;
                return Direct.Holds;
            }

            if (b.Op == "=" && b.Right is VarTerm { Global: null, IsWildcard: false } rv && f[rv.Slot] is null && !IsPattern(b.Left, f))
            {
                if (!TrySimple(b.Left, f, out var lvalue))
                {
                    return Direct.No;
                }

                Step();
                if (lvalue is null)
                {
                    return Direct.Fails;
                }

                f[rv.Slot] = lvalue;
                bound = rv.Slot;
                return Direct.Holds;
            }

            if (IsPattern(b.Left, f) || IsPattern(b.Right, f) || b.Left is ArrayTerm or ObjectTerm || b.Right is ArrayTerm or ObjectTerm)
            {
                return Direct.No;
            }

            if (!TrySimple(b.Left, f, out var l))
            {
                return Direct.No;
            }

            if (l is null)
            {
                Step();
                return Direct.Fails;
            }

            if (!TrySimple(b.Right, f, out var r))
            {
                return Direct.No;
            }

            Step();
            return r is not null && l.Equals(r) ? Direct.Holds : Direct.Fails;
        }

        if (!TrySimple(e, f, out var v))
        {
            return Direct.No;
        }

        Step();
        var holds = v is not null && v is not RegoBool { Value: false };
        return holds != lit.Negated ? Direct.Holds : Direct.Fails;
    }

    /// <summary>True when <paramref name="e"/> has at most one value and was evaluated here; <paramref name="value"/> is
    /// then its value, or null when undefined. False: evaluate it the general way.</summary>
    private bool TrySimple(Expr e, RegoValue?[] f, out RegoValue? value)
    {
        switch (e)
        {
            case ScalarTerm s:
                value = s.Value;
                return true;
            case VarTerm { Global: null } v:
                value = v.IsWildcard ? null : f[v.Slot];
                return value is not null;
            case VarTerm { Global: not null } g:
                return TrySimpleGlobal(g, null, f, out value);
            case RefTerm { Head: VarTerm { Global: not null } head } r:
                return TrySimpleGlobal(head, r.Path, f, out value);
            case RefTerm { Head: VarTerm { Global: null, IsWildcard: false } local } r when f[local.Slot] is { } start:
                if (!AllKeys(r.Path, 0, f))
                {
                    value = null;
                    return false;
                }

                value = LookupOps(start, r.Path, 0, f);
                return true;
            case BinaryTerm { Op: not ("=" or ":=") } b:
                // As the general path: the right side is not evaluated when the left is undefined.
                if (!TrySimple(b.Left, f, out var l))
                {
                    value = null;
                    return false;
                }

                if (l is null)
                {
                    value = null;
                    return true;
                }

                if (!TrySimple(b.Right, f, out var rv))
                {
                    value = null;
                    return false;
                }

                value = rv is null ? null : ApplyOperator(b.Op, l, rv);
                return true;
            case MembershipTerm { Key: null } m:
                if (!TrySimple(m.Collection, f, out var coll))
                {
                    value = null;
                    return false;
                }

                if (coll is null)
                {
                    value = null;
                    return true;
                }

                if (!TrySimple(m.Value, f, out var item))
                {
                    value = null;
                    return false;
                }

                value = item is null ? null : RegoBool.Of(Operators.Contains(coll, item));
                return true;
            // Not print: a call that falls back half-way is evaluated again, and print must not print twice.
            case CallTerm { Builtin: { Name: not "print" } builtin, FunctionPath: null } c when c.Args.Count == builtin.Arity && !HasFunctionOverrides():
                return TrySimpleCall(c, builtin, f, out value);
            default:
                value = null;
                return false;
        }
    }

    private bool HasFunctionOverrides() => _state.FunctionOverrides is { Count: > 0 };

    private bool TrySimpleCall(CallTerm c, Builtins.BuiltinFunction builtin, RegoValue?[] f, out RegoValue? value)
    {
        value = null;
        var args = new RegoValue[c.Args.Count];
        for (var i = 0; i < args.Length; i++)
        {
            if (!TrySimple(c.Args[i], f, out var a))
            {
                return false;
            }

            // As the general path: an undefined argument makes the call undefined before the next one is evaluated.
            if (a is null)
            {
                return true;
            }

            args[i] = a;
        }

        Step();
        RegoValue? result = null;
        CallBuiltin(builtin, args, r =>
        {
            result = r;
            return true;
        });
        value = result;
        return true;
    }

    private RegoValue? ApplyOperator(string op, RegoValue l, RegoValue r)
    {
        try
        {
            return Operators.Apply(op, l, r);
        }
        catch (RegoException) when (!_strict)
        {
            return null;
        }
    }

    /// <summary>Operands that are all keys (scalars or bound variables), so the reference has at most one value.</summary>
    private static bool AllKeys(List<Expr> ops, int from, RegoValue?[] f)
    {
        for (var i = from; i < ops.Count; i++)
        {
            if (ops[i] is not ScalarTerm && ops[i] is not VarTerm { Global: null, IsWildcard: false } v)
            {
                return false;
            }

            if (ops[i] is VarTerm lv && f[lv.Slot] is null)
            {
                return false;
            }
        }

        return true;
    }

    private static RegoValue Key(Expr op, RegoValue?[] f) => op is ScalarTerm s ? s.Value : f[((VarTerm)op).Slot]!;

    private static RegoValue? LookupOps(RegoValue? v, List<Expr> ops, int from, RegoValue?[] f)
    {
        for (var i = from; i < ops.Count && v is not null; i++)
        {
            v = Lookup(v, Key(ops[i], f));
        }

        return v;
    }

    private static RegoValue? LookupPath(RegoValue? v, RegoString[] keys, int from)
    {
        for (var i = from; i < keys.Length && v is not null; i++)
        {
            v = v is RegoObject o ? o.Get(keys[i]) : null;
        }

        return v;
    }

    /// <summary><see cref="EvalGlobal"/> and <see cref="WalkData"/> for a reference with static or bound operands: the same
    /// walk down the rule tree and the base data, without a continuation per step.</summary>
    private bool TrySimpleGlobal(VarTerm head, List<Expr>? ops, RegoValue?[] f, out RegoValue? value)
    {
        if (ops is not null && !AllKeys(ops, 0, f))
        {
            value = null;
            return false;
        }

        var path = head.Global!;
        var keys = head.GlobalKeys;
        if (path[0] == "input")
        {
            var iv = LookupPath(_state.Input, keys, 1);
            value = ops is null ? iv : LookupOps(iv, ops, 0, f);
            return true;
        }

        RuleNode? node = _root;
        RegoValue? baseVal = _state.Data;
        var pi = 1;
        var oi = 0;
        var opCount = ops?.Count ?? 0;
        while (true)
        {
            if (node is null || (_state.NodeOverrides is { } ov && ov.ContainsKey(node)) || node.Kind is not null)
            {
                var v = node is null ? baseVal : FullValue(node, baseVal);
                v = LookupPath(v, keys, pi);
                value = ops is null ? v : LookupOps(v, ops, oi, f);
                return true;
            }

            if (pi < path.Length)
            {
                node = node.Child(path[pi]);
                baseVal = baseVal is RegoObject bo ? bo.Get(keys[pi]) : null;
                pi++;
                continue;
            }

            if (oi == opCount)
            {
                value = FullValue(node, baseVal);
                return true;
            }

            // Under data, a number key reads the document of that name (`data.test[2]` is `data.test["2"]`).
            var key = Key(ops![oi], f);
            var name = key is RegoString s ? s.Value : key is RegoNumber ? key.ToJson() : null;
            if (name is null)
            {
                value = LookupOps(Lookup(baseVal, key), ops, oi + 1, f);
                return true;
            }

            node = node.Child(name);
            baseVal = baseVal is not RegoObject kb ? null : key is RegoString ks ? kb.Get(ks) : kb.Get(name);
            oi++;
        }
    }
}
