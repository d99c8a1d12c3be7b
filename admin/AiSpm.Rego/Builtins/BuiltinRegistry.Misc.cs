using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text.RegularExpressions;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static readonly ConcurrentDictionary<string, Regex> Regexes = new(StringComparer.Ordinal);

    private static void AddMisc(Dictionary<string, BuiltinFunction> d)
    {
        Add(d, "print", -1, a =>
        {
            if (a.Context.PrintSink is { } w)
            {
                var parts = new List<string>();
                foreach (var v in a.Values)
                {
                    parts.Add(RegoText.Format(v, true));
                }

                w.WriteLine(string.Join(' ', parts));
            }

            return RegoBool.True;
        });
        Add(d, "trace", 1, a => RegoBool.True);
        Add(d, "regex.match", 2, a => RegoBool.Of(Compile(a, a.Str(0)).IsMatch(a.Str(1))));
        Add(d, "re_match", 2, a => RegoBool.Of(Compile(a, a.Str(0)).IsMatch(a.Str(1))));
        Add(d, "regex.is_valid", 1, a =>
        {
            if (a[0] is not RegoString s)
            {
                return RegoBool.False;
            }

            try
            {
                Compile(a, s.Value);
                return RegoBool.True;
            }
            catch (RegoException)
            {
                return RegoBool.False;
            }
        });
        Add(d, "regex.split", 2, a => StringArray(Compile(a, a.Str(0)).Split(a.Str(1))));
        Add(d, "regex.replace", 3, a => new RegoString(Compile(a, a.Str(1)).Replace(a.Str(0), a.Str(2))));
        Add(d, "regex.find_n", 3, a =>
        {
            var n = a.Long(2);
            var list = new List<RegoValue>();
            foreach (Match m in Compile(a, a.Str(0)).Matches(a.Str(1)))
            {
                if (n >= 0 && list.Count >= n)
                {
                    break;
                }

                list.Add(new RegoString(m.Value));
            }

            return new RegoArray([.. list]);
        });
        Add(d, "regex.find_all_string_submatch_n", 3, a =>
        {
            var n = a.Long(2);
            var list = new List<RegoValue>();
            foreach (Match m in Compile(a, a.Str(0)).Matches(a.Str(1)))
            {
                if (n >= 0 && list.Count >= n)
                {
                    break;
                }

                var groups = new RegoValue[m.Groups.Count];
                for (var i = 0; i < groups.Length; i++)
                {
                    groups[i] = new RegoString(m.Groups[i].Value);
                }

                list.Add(new RegoArray(groups));
            }

            return new RegoArray([.. list]);
        });
        Add(d, "glob.match", 3, a =>
        {
            var delims = new List<string>();
            switch (a[1])
            {
                case RegoNull:
                    break;
                case RegoArray arr:
                    foreach (var x in arr.Items)
                    {
                        delims.Add(x is RegoString s ? s.Value : throw a.TypeError("string", 1));
                    }

                    if (delims.Count == 0)
                    {
                        delims.Add(".");
                    }

                    break;
                default:
                    throw a.TypeError("array", 1);
            }

            return RegoBool.Of(Glob.Match(a.Str(0), delims, a.Str(2)));
        });
        Add(d, "glob.quote_meta", 1, a => new RegoString(Regex.Replace(a.Str(0), @"([*?\\\[\]{}])", "\\$1")));
        Add(d, "units.parse_bytes", 1, a => ParseBytes(a, a.Str(0)));
        Add(d, "net.cidr_contains", 2, a =>
        {
            if (!IPNetwork.TryParse(a.Str(0), out var net))
            {
                throw a.Fail("invalid CIDR: " + a.Str(0));
            }

            var other = a.Str(1);
            if (IPAddress.TryParse(other, out var ip) && !other.Contains('/', StringComparison.Ordinal))
            {
                return RegoBool.Of(net.Contains(ip));
            }

            if (IPNetwork.TryParse(other, out var inner))
            {
                return RegoBool.Of(inner.PrefixLength >= net.PrefixLength && net.Contains(inner.BaseAddress));
            }

            throw a.Fail("invalid IP or CIDR: " + other);
        });
        Add(d, "net.cidr_is_valid", 1, a => RegoBool.Of(a[0] is RegoString s && IPNetwork.TryParse(s.Value, out _)));
    }

    private static Regex Compile(BuiltinArgs a, string pattern)
    {
        if (Regexes.TryGetValue(pattern, out var re))
        {
            return re;
        }

        try
        {
            // RE2 has no backreferences or lookaround; .NET accepts a superset, with a match timeout instead of RE2's linear time.
            re = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException e)
        {
            throw a.Fail("invalid regular expression: " + e.Message);
        }

        if (Regexes.Count > 1000)
        {
            Regexes.Clear();
        }

        Regexes[pattern] = re;
        return re;
    }

    private static RegoNumber? ParseBytes(BuiltinArgs a, string s)
    {
        s = s.Trim('"');
        if (s.Contains(' ', StringComparison.Ordinal))
        {
            throw a.Fail("spaces not allowed in resource string");
        }

        var i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
        {
            i++;
        }

        if (i == 0 || !decimal.TryParse(s.AsSpan(0, i), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var num))
        {
            throw a.Fail("no byte amount provided");
        }

        var unit = s[i..].ToLowerInvariant();
        if (unit.EndsWith('b'))
        {
            unit = unit[..^1];
        }

        BigInteger mult = unit switch
        {
            "" => 1,
            "k" => 1000,
            "ki" => 1024,
            "m" => 1000_000,
            "mi" => 1 << 20,
            "g" => 1000_000_000,
            "gi" => 1 << 30,
            "t" => BigInteger.Pow(1000, 4),
            "ti" => BigInteger.Pow(1024, 4),
            "p" => BigInteger.Pow(1000, 5),
            "pi" => BigInteger.Pow(1024, 5),
            "e" => BigInteger.Pow(1000, 6),
            "ei" => BigInteger.Pow(1024, 6),
            "z" => BigInteger.Pow(1000, 7),
            "zi" => BigInteger.Pow(1024, 7),
            "y" => BigInteger.Pow(1000, 8),
            "yi" => BigInteger.Pow(1024, 8),
            "r" => BigInteger.Pow(1000, 9),
            "q" => BigInteger.Pow(1000, 10),
            _ => BigInteger.Zero,
        };
        if (mult.IsZero)
        {
            return null;
        }

        var whole = decimal.Truncate(num);
        var frac = num - whole;
        return RegoNumber.Of((new BigInteger(whole) * mult) + (new BigInteger(frac * 1_000_000_000m) * mult / 1_000_000_000));
    }
}
