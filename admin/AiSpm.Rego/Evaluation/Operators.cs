using System.Numerics;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Evaluation;

/// <summary>Infix operators: arithmetic, comparison and set algebra. Returns null for undefined.</summary>
internal static class Operators
{
    public static RegoValue? Apply(string op, RegoValue l, RegoValue r) => op switch
    {
        "==" => RegoBool.Of(l.Equals(r)),
        "!=" => RegoBool.Of(!l.Equals(r)),
        "<" => RegoBool.Of(l.CompareTo(r) < 0),
        "<=" => RegoBool.Of(l.CompareTo(r) <= 0),
        ">" => RegoBool.Of(l.CompareTo(r) > 0),
        ">=" => RegoBool.Of(l.CompareTo(r) >= 0),
        "+" => Arith("add", l, r),
        "-" => l is RegoSet ls && r is RegoSet rs ? Difference(ls, rs) : Arith("sub", l, r),
        "*" => Arith("mul", l, r),
        "/" => Arith("div", l, r),
        "%" => Arith("mod", l, r),
        "|" => SetOp("or", l, r),
        "&" => SetOp("and", l, r),
        _ => throw new RegoException("unknown operator " + op),
    };

    private static RegoSet SetOp(string name, RegoValue l, RegoValue r)
    {
        if (l is not RegoSet a)
        {
            throw new RegoException($"`{name}` expects set argument. Got `{l.ToJson()}` instead.");
        }

        if (r is not RegoSet b)
        {
            throw new RegoException($"`{name}` expects set argument. Got `{r.ToJson()}` instead.");
        }

        return name == "or" ? Union(a, b) : Intersection(a, b);
    }

    public static RegoSet Union(RegoSet a, RegoSet b)
    {
        var h = new HashSet<RegoValue>(a.Items);
        h.UnionWith(b.Items);
        return new RegoSet(h);
    }

    public static RegoSet Intersection(RegoSet a, RegoSet b)
    {
        var h = new HashSet<RegoValue>(a.Items);
        h.IntersectWith(b.Items);
        return new RegoSet(h);
    }

    public static RegoSet Difference(RegoSet a, RegoSet b)
    {
        var h = new HashSet<RegoValue>(a.Items);
        h.ExceptWith(b.Items);
        return new RegoSet(h);
    }

    public static RegoValue? Arith(string name, RegoValue l, RegoValue r)
    {
        if (l is not RegoNumber a)
        {
            throw new RegoException($"`{name}` expects numeric argument. Got `{l.ToJson()}` instead.");
        }

        if (r is not RegoNumber b)
        {
            throw new RegoException($"`{name}` expects numeric argument. Got `{r.ToJson()}` instead.");
        }

        var ints = a.IsInteger && b.IsInteger;
        switch (name)
        {
            case "add":
                return ints ? RegoNumber.Of(a.Integer + b.Integer) : RegoNumber.Of(a.Double + b.Double);
            case "sub":
                return ints ? RegoNumber.Of(a.Integer - b.Integer) : RegoNumber.Of(a.Double - b.Double);
            case "mul":
                return ints ? RegoNumber.Of(a.Integer * b.Integer) : RegoNumber.Of(a.Double * b.Double);
            case "div":
                if (b.Double == 0 && (!b.IsInteger || b.Integer.IsZero))
                {
                    throw new RegoException("div: divide by zero");
                }

                if (ints && (a.Integer % b.Integer).IsZero)
                {
                    return RegoNumber.Of(a.Integer / b.Integer);
                }

                return RegoNumber.Of(a.Double / b.Double);
            default:
                if (!ints)
                {
                    throw new RegoException("mod: modulo on floating-point number");
                }

                if (b.Integer.IsZero)
                {
                    throw new RegoException("mod: modulo by zero");
                }

                return RegoNumber.Of(BigInteger.Remainder(a.Integer, b.Integer));
        }
    }

    public static bool Contains(RegoValue coll, RegoValue v)
    {
        switch (coll)
        {
            case RegoArray a:
                foreach (var x in a.Items)
                {
                    if (x.Equals(v))
                    {
                        return true;
                    }
                }

                return false;
            case RegoSet s:
                return s.Contains(v);
            case RegoObject o:
                foreach (var x in o.Items.Values)
                {
                    if (x.Equals(v))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    public static bool ContainsPair(RegoValue coll, RegoValue key, RegoValue v) => coll switch
    {
        RegoArray a => key is RegoNumber { IsInteger: true } n && n.Integer >= 0 && n.Integer < a.Count && a.Items[(int)n.Integer].Equals(v),
        RegoObject o => o.Get(key) is { } x && x.Equals(v),
        RegoSet s => key.Equals(v) && s.Contains(v),
        _ => false,
    };
}
