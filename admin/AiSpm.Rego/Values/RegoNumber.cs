using System.Globalization;
using System.Numerics;
using System.Text;

namespace AiSpm.Rego.Values;

/// <summary>A number: an arbitrary-precision integer, or a double when it has a fraction. Integral doubles of moderate size become integers so that 1 == 1.0.</summary>
public sealed class RegoNumber : RegoValue
{
    private static readonly RegoNumber[] Small = CreateSmall();

    private RegoNumber(BigInteger i)
    {
        IsInteger = true;
        Integer = i;

        // BigInteger's explicit conversion may truncate; parsing the text rounds to nearest, as JSON readers do.
        Double = i >= -9007199254740992 && i <= 9007199254740992 ? (double)i : double.Parse(i.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private RegoNumber(double d)
    {
        Double = d;
    }

    public bool IsInteger { get; }

    public BigInteger Integer { get; }

    public double Double { get; }

    public override ValueKind Kind => ValueKind.Number;

    private static RegoNumber[] CreateSmall()
    {
        var a = new RegoNumber[1025];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = new RegoNumber(new BigInteger(i - 1));
        }

        return a;
    }

    public static RegoNumber Of(long l) => l is >= -1 and < 1024 ? Small[l + 1] : new RegoNumber(new BigInteger(l));

    public static RegoNumber Of(BigInteger i) => i >= BigInteger.MinusOne && i < 1024 ? Small[(int)i + 1] : new RegoNumber(i);

    public static RegoNumber Of(double d)
    {
        if (Math.Floor(d) == d && Math.Abs(d) < 9.007199254740992e15)
        {
            return Of((long)d);
        }

        return new RegoNumber(d);
    }

    /// <summary>Parses a JSON/Rego number literal; null when it is not one.</summary>
    public static RegoNumber? Parse(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var integral = text.AsSpan().IndexOfAny(".eE") < 0;
        if (integral && BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bi))
        {
            return Of(bi);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsInfinity(d))
        {
            // Exact integer texts like 1e3 or 10.0 stay exact.
            return Of(d);
        }

        return null;
    }

    private static bool TryExactInteger(string text, out BigInteger value)
    {
        value = default;
        var e = text.AsSpan().IndexOfAny('e', 'E');
        var mant = e < 0 ? text : text[..e];
        var exp = 0;
        if (e >= 0 && !int.TryParse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exp))
        {
            return false;
        }

        var dot = mant.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mant : string.Concat(mant.AsSpan(0, dot), mant.AsSpan(dot + 1));
        exp -= dot < 0 ? 0 : mant.Length - dot - 1;
        if (!BigInteger.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var m))
        {
            return false;
        }

        if (exp >= 0)
        {
            if (exp > 400)
            {
                return false;
            }

            value = m * BigInteger.Pow(10, exp);
            return true;
        }

        var div = BigInteger.Pow(10, -exp);
        if (!(m % div).IsZero)
        {
            return false;
        }

        value = m / div;
        return true;
    }

    public bool TryGetInt(out long l)
    {
        if (IsInteger && Integer >= long.MinValue && Integer <= long.MaxValue)
        {
            l = (long)Integer;
            return true;
        }

        l = 0;
        return false;
    }

    private protected override int CompareSameKind(RegoValue other)
    {
        var o = (RegoNumber)other;
        return IsInteger && o.IsInteger ? Integer.CompareTo(o.Integer) : Double.CompareTo(o.Double);
    }

    private protected override bool EqualsSameKind(RegoValue other) => CompareSameKind(other) == 0;

    public override int GetHashCode() => IsInteger ? Integer.GetHashCode() : Double.GetHashCode();

    internal override void WriteJson(StringBuilder sb)
    {
        if (IsInteger)
        {
            sb.Append(Integer.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(Double.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
