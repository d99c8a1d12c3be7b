using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddTime(Dictionary<string, BuiltinFunction> d)
    {
        Add(d, "time.now_ns", 0, a => RegoNumber.Of(a.Context.NowNs));
        Add(d, "time.parse_rfc3339_ns", 1, a => ParseRfc3339(a.Str(0)) is { } ns ? RegoNumber.Of(ns) : throw a.Fail("could not parse time: " + a.Str(0)));
        Add(d, "time.add_date", 4, a =>
        {
            var ns = TimeArg(a);
            var years = a.Long(1);
            var months = a.Long(2);
            var days = a.Long(3);
            var seconds = (long)BigInteger.Divide(ns, 1_000_000_000);
            var frac = (long)BigInteger.Remainder(ns, 1_000_000_000);
            if (frac < 0)
            {
                frac += 1_000_000_000;
                seconds--;
            }

            var t = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
            var totalMonths = ((t.Year + years) * 12) + (t.Month - 1) + months;
            var y = totalMonths / 12;
            var m = (totalMonths % 12) + 1;
            if (y is < 1 or > 9999)
            {
                return null;
            }

            var res = new DateTime((int)y, (int)m, 1, t.Hour, t.Minute, t.Second, DateTimeKind.Utc).AddDays(t.Day - 1 + days);
            return RegoNumber.Of((new BigInteger(new DateTimeOffset(res).ToUnixTimeSeconds()) * 1_000_000_000) + frac);
        });
    }

    private static BigInteger TimeArg(BuiltinArgs a)
    {
        switch (a[0])
        {
            case RegoNumber n:
                return n.IsInteger ? n.Integer : new BigInteger(n.Double);
            case RegoArray { Count: 2 } arr when arr.Items[0] is RegoNumber n2 && arr.Items[1] is RegoString:
                return n2.IsInteger ? n2.Integer : new BigInteger(n2.Double);
            default:
                throw a.Fail($"expects `ns` to be a `number` or `array[number, string]`. Got `{a[0].ToJson()}` instead.");
        }
    }

    internal static BigInteger? ParseRfc3339(string s)
    {
        var m = Rfc3339().Match(s);
        if (!m.Success)
        {
            return null;
        }

        int P(int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        var offset = TimeSpan.Zero;
        var z = m.Groups[8].Value;
        if (z is not ("Z" or "z"))
        {
            var sign = z[0] == '-' ? -1 : 1;
            offset = new TimeSpan(sign * int.Parse(z.AsSpan(1, 2), CultureInfo.InvariantCulture), sign * int.Parse(z.AsSpan(4, 2), CultureInfo.InvariantCulture), 0);
        }

        try
        {
            var dto = new DateTimeOffset(P(1), P(2), P(3), P(4), P(5), P(6), offset);
            var frac = m.Groups[7].Success ? m.Groups[7].Value[1..] : string.Empty;
            var nanos = frac.Length == 0 ? 0 : long.Parse(frac.PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
            return (new BigInteger(dto.ToUnixTimeSeconds()) * 1_000_000_000) + nanos;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
