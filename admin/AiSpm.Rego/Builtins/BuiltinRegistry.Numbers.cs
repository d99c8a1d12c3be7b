using System.Globalization;
using System.Numerics;
using AiSpm.Rego.Evaluation;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddNumbers(Dictionary<string, BuiltinFunction> d)
    {
        Add(d, "plus", 2, a => Operators.Arith("add", a.Num(0), a.Num(1)));
        Add(d, "minus", 2, a => a[0] is RegoSet s && a[1] is RegoSet t ? Operators.Difference(s, t) : Operators.Arith("sub", a.Num(0), a.Num(1)));
        Add(d, "mul", 2, a => Operators.Arith("mul", a.Num(0), a.Num(1)));
        Add(d, "div", 2, a => Operators.Arith("div", a.Num(0), a.Num(1)));
        Add(d, "rem", 2, a => Operators.Arith("mod", a.Num(0), a.Num(1)));
        Add(d, "abs", 1, a =>
        {
            var n = a.Num(0);
            return n.IsInteger ? RegoNumber.Of(BigInteger.Abs(n.Integer)) : RegoNumber.Of(Math.Abs(n.Double));
        });
        Add(d, "round", 1, a => RoundWith(a.Num(0), x => Math.Round(x, MidpointRounding.AwayFromZero)));
        Add(d, "ceil", 1, a => RoundWith(a.Num(0), Math.Ceiling));
        Add(d, "floor", 1, a => RoundWith(a.Num(0), Math.Floor));
        Add(d, "numbers.range", 2, a => Range(a, a.Num(0), a.Num(1), 1));
        Add(d, "numbers.range_step", 3, a =>
        {
            var step = a.Num(2);
            if (!step.IsInteger || step.Integer <= 0)
            {
                throw a.Fail("step must be a positive integer");
            }

            return Range(a, a.Num(0), a.Num(1), (long)step.Integer);
        });
        Add(d, "format_int", 2, a =>
        {
            var n = a.Num(0);
            var b = a.Num(1);
            var bases = b.TryGetInt(out var bl) ? bl : 0;
            if (bases is not (2 or 8 or 10 or 16))
            {
                throw a.Fail("expects base to be one of 2, 8, 10, 16");
            }

            var i = n.IsInteger ? n.Integer : new BigInteger(Math.Truncate(n.Double));
            return new RegoString(FormatBase(i, (int)bases, false));
        });
        Add(d, "to_number", 1, a => a[0] switch
        {
            RegoNumber n => n,
            RegoNull => RegoNumber.Of(0),
            RegoBool b => RegoNumber.Of(b.Value ? 1 : 0),
            RegoString s => ParseNumberString(s.Value) ?? throw a.Fail("could not parse string as number"),
            _ => throw a.TypeError("string", 0),
        });
    }

    private static RegoNumber? ParseNumberString(string s)
    {
        var t = s.Trim();
        if (t.Length == 0 || t.StartsWith('+') || t.Contains("Inf", StringComparison.OrdinalIgnoreCase) || t.Contains("NaN", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return RegoNumber.Parse(t) ?? (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && long.TryParse(t.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h) ? RegoNumber.Of(h) : null);
    }

    internal static string FormatBase(BigInteger i, int b, bool upper)
    {
        if (b == 10)
        {
            return i.ToString(CultureInfo.InvariantCulture);
        }

        var neg = i.Sign < 0;
        var v = BigInteger.Abs(i);
        if (v.IsZero)
        {
            return "0";
        }

        var digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        var chars = new List<char>();
        while (!v.IsZero)
        {
            chars.Add(digits[(int)(v % b)]);
            v /= b;
        }

        if (neg)
        {
            chars.Add('-');
        }

        chars.Reverse();
        return new string([.. chars]);
    }

    private static RegoNumber RoundWith(RegoNumber n, Func<double, double> f) => n.IsInteger ? n : RegoNumber.Of(f(n.Double));

    private static RegoArray Range(BuiltinArgs a, RegoNumber from, RegoNumber to, long step)
    {
        if (!from.IsInteger || !to.IsInteger)
        {
            throw a.Fail("expects integer arguments. must be integer");
        }

        var lo = from.Integer;
        var hi = to.Integer;
        var count = BigInteger.Abs(hi - lo) / step + 1;
        if (count > 10_000_000)
        {
            throw a.Fail("range too large");
        }

        var list = new List<RegoValue>((int)count);
        if (lo <= hi)
        {
            for (var i = lo; i <= hi; i += step)
            {
                list.Add(RegoNumber.Of(i));
            }
        }
        else
        {
            for (var i = lo; i >= hi; i -= step)
            {
                list.Add(RegoNumber.Of(i));
            }
        }

        return new RegoArray([.. list]);
    }
}
