using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddBits(Dictionary<string, BuiltinFunction> d)
    {
        Add(d, "bits.and", 2, a => RegoNumber.Of(a.Int(0) & a.Int(1)));
        Add(d, "bits.or", 2, a => RegoNumber.Of(a.Int(0) | a.Int(1)));
        Add(d, "bits.xor", 2, a => RegoNumber.Of(a.Int(0) ^ a.Int(1)));
        Add(d, "bits.negate", 1, a => RegoNumber.Of(-a.Int(0) - 1));
        Add(d, "bits.lsh", 2, a => RegoNumber.Of(a.Int(0) << Shift(a)));
        Add(d, "bits.rsh", 2, a => RegoNumber.Of(a.Int(0) >> Shift(a)));
        Add(d, "rand.intn", 2, a =>
        {
            var key = a.Str(0);
            var n = a.Num(1);
            if (!n.IsInteger)
            {
                return null;
            }

            if (n.Integer.IsZero)
            {
                return RegoNumber.Of(0);
            }

            var max = (long)BigInteger.Abs(n.Integer);
            return RegoNumber.Of(a.Context.RandomFor(key + "\0" + max.ToString(CultureInfo.InvariantCulture), max));
        });
        Add(d, "semver.is_valid", 1, a => RegoBool.Of(SemVerRegex().IsMatch(a.Str(0))));
        Add(d, "semver.compare", 2, a =>
        {
            var x = a.Str(0);
            var y = a.Str(1);
            var mx = SemVerRegex().Match(x);
            var my = SemVerRegex().Match(y);
            if (!mx.Success)
            {
                throw a.Fail("invalid semver: " + x);
            }

            if (!my.Success)
            {
                throw a.Fail("invalid semver: " + y);
            }

            return RegoNumber.Of(CompareSemVer(mx, my));
        });
        Add(d, "units.parse", 1, a => ParseUnits(a, a.Str(0)));
        Add(d, "uuid.rfc4122", 1, a =>
        {
            var key = "uuid\0" + a.Str(0);
            var hi = a.Context.RandomFor(key + "\0hi", long.MaxValue);
            var lo = a.Context.RandomFor(key + "\0lo", long.MaxValue);
            Span<byte> b = stackalloc byte[16];
            BitConverter.TryWriteBytes(b, hi);
            BitConverter.TryWriteBytes(b[8..], lo);
            b[6] = (byte)((b[6] & 0x0F) | 0x40);
            b[8] = (byte)((b[8] & 0x3F) | 0x80);
            var hex = Convert.ToHexStringLower(b);
            return new RegoString($"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}");
        });
    }

    private static int Shift(BuiltinArgs a)
    {
        var s = a.Int(1);
        return s < 0 || s > 100_000 ? throw a.Fail("shift must be a non-negative integer") : (int)s;
    }

    private static int CompareSemVer(Match x, Match y)
    {
        for (var g = 1; g <= 3; g++)
        {
            var c = BigInteger.Parse(x.Groups[g].Value, CultureInfo.InvariantCulture).CompareTo(BigInteger.Parse(y.Groups[g].Value, CultureInfo.InvariantCulture));
            if (c != 0)
            {
                return Math.Sign(c);
            }
        }

        var px = x.Groups[4].Success ? x.Groups[4].Value : null;
        var py = y.Groups[4].Success ? y.Groups[4].Value : null;
        if (px is null || py is null)
        {
            return px is null ? (py is null ? 0 : 1) : -1;
        }

        var ax = px.Split('.');
        var ay = py.Split('.');
        for (var i = 0; i < Math.Min(ax.Length, ay.Length); i++)
        {
            var nx = BigInteger.TryParse(ax[i], NumberStyles.None, CultureInfo.InvariantCulture, out var ix);
            var ny = BigInteger.TryParse(ay[i], NumberStyles.None, CultureInfo.InvariantCulture, out var iy);
            int c;
            if (nx && ny)
            {
                c = ix.CompareTo(iy);
            }
            else if (nx || ny)
            {
                c = nx ? -1 : 1;
            }
            else
            {
                c = string.CompareOrdinal(ax[i], ay[i]);
            }

            if (c != 0)
            {
                return Math.Sign(c);
            }
        }

        return ax.Length.CompareTo(ay.Length);
    }

    private static RegoNumber? ParseUnits(BuiltinArgs a, string s)
    {
        s = s.Trim('"');
        if (s.Contains(' ', StringComparison.Ordinal))
        {
            throw a.Fail("spaces not allowed in resource string");
        }

        var i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.' || (i == 0 && s[i] == '-')))
        {
            i++;
        }

        if (i == 0 || !decimal.TryParse(s.AsSpan(0, i), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var num))
        {
            throw a.Fail("no amount provided");
        }

        var unit = s[i..];
        decimal mult = unit switch
        {
            "" => 1m,
            "m" => 0.001m,
            "k" or "K" => 1e3m,
            "ki" or "Ki" or "KI" or "kI" => 1024m,
            "M" => 1e6m,
            "mi" or "Mi" or "MI" or "mI" => 1048576m,
            "g" or "G" => 1e9m,
            "gi" or "Gi" or "GI" or "gI" => 1073741824m,
            "t" or "T" => 1e12m,
            "ti" or "Ti" or "TI" or "tI" => 1099511627776m,
            "p" or "P" => 1e15m,
            "pi" or "Pi" or "PI" or "pI" => 1125899906842624m,
            "e" or "E" => 1e18m,
            "ei" or "Ei" or "EI" or "eI" => 1152921504606846976m,
            "Z" => 1e21m,
            "Y" => 1e24m,
            "R" => 1e27m,
            "Q" => -1m,
            "h" => 100m,
            "da" => 10m,
            "d" => 0.1m,
            "c" => 0.01m,
            "μ" or "µ" => 0.000001m,
            "n" => 1e-9m,
            "f" => 1e-15m,
            "a" => 1e-18m,
            "z" => 1e-21m,
            "y" => 1e-24m,
            "r" => 1e-27m,
            "q" => -2m,
            _ => 0m,
        };
        if (mult == 0m)
        {
            return null;
        }

        if (mult < 0m)
        {
            return RegoNumber.Of(double.Parse(num.ToString(CultureInfo.InvariantCulture) + (mult == -1m ? "e30" : "e-30"), CultureInfo.InvariantCulture));
        }

        var v = num * mult;
        return decimal.Truncate(v) == v ? RegoNumber.Of(new BigInteger(v)) : RegoNumber.Of(double.Parse(v.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex SemVerRegex();
}
