using AiSpm.Rego.Syntax;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Evaluation;

internal sealed partial class Interpreter
{
    private static bool IsPattern(Expr e, RegoValue?[] f) => e switch
    {
        VarTerm { Global: null } v => v.IsWildcard || f[v.Slot] is null,
        ArrayTerm a => a.Items.Exists(i => IsPattern(i, f)),
        ObjectTerm o => o.Items.Exists(kv => IsPattern(kv.Value, f)),
        _ => false,
    };

    private bool Unify(Expr a, Expr b, RegoValue?[] f, bool strict, Func<bool> k)
    {
        CheckStaticShapes(a, b, f);

        var pa = IsPattern(a, f);
        var pb = !strict && IsPattern(b, f);
        if (pa && pb)
        {
            if (a is ArrayTerm aa && b is ArrayTerm bb)
            {
                return aa.Items.Count != bb.Items.Count || UnifyPairs(aa.Items, bb.Items, 0, f, k);
            }

            if (a is ObjectTerm oa && b is ObjectTerm ob)
            {
                return UnifyObjectPairs(oa, ob, 0, f, k);
            }

            throw new RegoException($"var {FirstUnbound(a, f)} is unsafe");
        }

        if (pa)
        {
            if (TrySimple(b, f, out var simple))
            {
                return simple is null || UnifyValue(a, simple, f, strict, k);
            }

            return EvalExpr(b, f, v => UnifyValue(a, v, f, strict, k));
        }

        if (pb)
        {
            return EvalExpr(a, f, v => UnifyValue(b, v, f, strict, k));
        }

        return EvalExpr(a, f, va => EvalExpr(b, f, vb => !va.Equals(vb) || k()));
    }

    private bool UnifyObjectPairs(ObjectTerm a, ObjectTerm b, int i, RegoValue?[] f, Func<bool> k)
    {
        if (i == a.Items.Count)
        {
            return k();
        }

        var key = Compiler.ConstValue(a.Items[i].Key) ?? throw new RegoException("object pattern keys must be constants");
        foreach (var kv in b.Items)
        {
            if (Compiler.ConstValue(kv.Key) is { } bk && bk.Equals(key))
            {
                return Unify(a.Items[i].Value, kv.Value, f, false, () => UnifyObjectPairs(a, b, i + 1, f, k));
            }
        }

        return true;
    }

    private static void CheckStaticShapes(Expr a, Expr b, RegoValue?[] f)
    {
        if (a is ArrayTerm aa && b is ArrayTerm bb)
        {
            if (aa.Items.Count != bb.Items.Count)
            {
                throw new RegoException("mismatch in number of array elements");
            }

            for (var i = 0; i < aa.Items.Count; i++)
            {
                CheckStaticShapes(aa.Items[i], bb.Items[i], f);
            }
        }
        else if (a is ObjectTerm oa && b is ObjectTerm ob)
        {
            if (oa.Items.Count != ob.Items.Count)
            {
                throw new RegoException($"object field count mismatch in assignment: left has {oa.Items.Count} fields, right has {ob.Items.Count} fields");
            }

            var ka = ConstKeys(oa);
            var kb = ConstKeys(ob);
            if (ka is null || kb is null)
            {
                return;
            }

            foreach (var key in kb)
            {
                if (!ka.Contains(key))
                {
                    if (IsPattern(ob, f))
                    {
                        throw new RegoException($"key {key.ToJson()} not found in left-hand side object during destructuring");
                    }

                    ka.Sort();
                    kb.Sort();
                    throw new RegoException($"object literal keys mismatch. Expected keys [{string.Join(", ", ka)}] got [{string.Join(", ", kb)}].");
                }
            }

            foreach (var kv in oa.Items)
            {
                var key = Compiler.ConstValue(kv.Key)!;
                foreach (var kv2 in ob.Items)
                {
                    if (Compiler.ConstValue(kv2.Key)!.Equals(key))
                    {
                        CheckStaticShapes(kv.Value, kv2.Value, f);
                    }
                }
            }
        }
        else if ((a is ArrayTerm && b is ObjectTerm) || (a is ObjectTerm && b is ArrayTerm))
        {
            throw new RegoException("incompatible destructuring patterns: both sides must be arrays or objects with matching structure");
        }
    }

    private static List<RegoValue>? ConstKeys(ObjectTerm o)
    {
        var list = new List<RegoValue>();
        foreach (var kv in o.Items)
        {
            if (Compiler.ConstValue(kv.Key) is not { } k)
            {
                return null;
            }

            list.Add(k);
        }

        return list;
    }

    private static string FirstUnbound(Expr e, RegoValue?[] f) => e switch
    {
        VarTerm v => v.Name,
        ArrayTerm a => a.Items.Find(i => IsPattern(i, f)) is { } x ? FirstUnbound(x, f) : "?",
        ObjectTerm o => o.Items.Find(kv => IsPattern(kv.Value, f)) is { Value: { } x } ? FirstUnbound(x, f) : "?",
        _ => "?",
    };

    private bool UnifyPairs(List<Expr> a, List<Expr> b, int i, RegoValue?[] f, Func<bool> k) =>
        i == a.Count ? k() : Unify(a[i], b[i], f, false, () => UnifyPairs(a, b, i + 1, f, k));

    /// <summary>Matches a pattern against a value, binding its unbound variables for the continuation.</summary>
    private bool UnifyValue(Expr pattern, RegoValue value, RegoValue?[] f, bool strict, Func<bool> k)
    {
        switch (pattern)
        {
            case VarTerm { Global: null } v:
                if (v.IsWildcard)
                {
                    return k();
                }

                var cur = f[v.Slot];
                if (cur is null)
                {
                    f[v.Slot] = value;
                    try
                    {
                        return k();
                    }
                    finally
                    {
                        f[v.Slot] = null;
                    }
                }

                return !cur.Equals(value) || k();
            case ArrayTerm a when IsPattern(a, f):
                if (value is not RegoArray arr)
                {
                    return strict && value is RegoObject
                        ? throw new RegoException("incompatible destructuring patterns: both sides must be arrays or objects with matching structure")
                        : true;
                }

                if (arr.Count != a.Items.Count)
                {
                    return strict ? throw new RegoException("mismatch in number of array elements") : true;
                }

                return UnifyArray(a.Items, arr.Items, 0, f, strict, k);
            case ObjectTerm o when IsPattern(o, f):
                if (value is not RegoObject obj)
                {
                    return strict && value is RegoArray
                        ? throw new RegoException("incompatible destructuring patterns: both sides must be arrays or objects with matching structure")
                        : true;
                }

                if (obj.Count != o.Items.Count)
                {
                    return strict ? throw new RegoException($"object field count mismatch in assignment: left has {o.Items.Count} fields, right has {obj.Count} fields") : true;
                }

                return UnifyObject(o.Items, obj, 0, f, strict, k);
            default:
                if (TrySimple(pattern, f, out var simple))
                {
                    return simple is null || !simple.Equals(value) || k();
                }

                return EvalExpr(pattern, f, pv => !pv.Equals(value) || k());
        }
    }

    private bool UnifyArray(List<Expr> pats, RegoValue[] vals, int i, RegoValue?[] f, bool strict, Func<bool> k) =>
        i == pats.Count ? k() : UnifyValue(pats[i], vals[i], f, strict, () => UnifyArray(pats, vals, i + 1, f, strict, k));

    private bool UnifyObject(List<KeyValuePair<Expr, Expr>> pats, RegoObject obj, int i, RegoValue?[] f, bool strict, Func<bool> k)
    {
        if (i == pats.Count)
        {
            return k();
        }

        return EvalExpr(pats[i].Key, f, key =>
        {
            var v = obj.Get(key);
            if (v is null)
            {
                return strict ? throw new RegoException($"key {key.ToJson()} not found in left-hand side object during destructuring") : true;
            }

            return UnifyValue(pats[i].Value, v, f, strict, () => UnifyObject(pats, obj, i + 1, f, strict, k));
        });
    }
}
