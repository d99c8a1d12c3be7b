using System.Globalization;
using System.Numerics;
using System.Text;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddDates(Dictionary<string, BuiltinFunction> d)
    {
        Add(d, "time.date", 1, a =>
        {
            var t = TimeOf(a);
            return Numbers(t.Year, t.Month, t.Day);
        });
        Add(d, "time.clock", 1, a =>
        {
            var t = TimeOf(a);
            return Numbers(t.Hour, t.Minute, t.Second);
        });
        Add(d, "time.weekday", 1, a => new RegoString(TimeOf(a).DayOfWeek.ToString()));
        Add(d, "time.diff", 2, a =>
        {
            var t1 = TimeOf(a, 0).UtcDateTime;
            var t2 = TimeOf(a, 1).UtcDateTime;
            if (t1 > t2)
            {
                (t1, t2) = (t2, t1);
            }

            int y = t2.Year - t1.Year, mo = t2.Month - t1.Month, dd = t2.Day - t1.Day;
            int h = t2.Hour - t1.Hour, mi = t2.Minute - t1.Minute, s = t2.Second - t1.Second;
            if (s < 0)
            {
                s += 60;
                mi--;
            }

            if (mi < 0)
            {
                mi += 60;
                h--;
            }

            if (h < 0)
            {
                h += 24;
                dd--;
            }

            if (dd < 0)
            {
                dd += DateTime.DaysInMonth(t1.Year, t1.Month);
                mo--;
            }

            if (mo < 0)
            {
                mo += 12;
                y--;
            }

            return Numbers(y, mo, dd, h, mi, s);
        });
        Add(d, "time.format", 1, a =>
        {
            var t = TimeOf(a);
            var nanos = NanosOf(a);
            if (a[0] is RegoArray { Count: 3 } arr)
            {
                var layout = arr.Items[2] as RegoString ?? throw a.Fail($"expects 3rd element of `ns` to be a `string`. Got `{arr.Items[2].ToJson()}` instead");
                return new RegoString(FormatGo(t, nanos, layout.Value));
            }

            // Regorus prints the fraction with 3, 6 or 9 digits, whichever keeps it exact.
            var layoutDefault = nanos == 0 ? "2006-01-02T15:04:05Z07:00"
                : nanos % 1_000_000 == 0 ? "2006-01-02T15:04:05.000Z07:00"
                : nanos % 1000 == 0 ? "2006-01-02T15:04:05.000000Z07:00"
                : "2006-01-02T15:04:05.000000000Z07:00";
            return new RegoString(FormatGo(t, nanos, layoutDefault));
        });
        Add(d, "time.parse_ns", 2, a =>
        {
            var layout = a.Str(0);
            var value = a.Str(1);
            var fmt = GoLayoutToDotNet(layout);
            if (!DateTimeOffset.TryParseExact(value, fmt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dto))
            {
                throw a.Fail($"could not parse `{value}` with layout `{layout}`");
            }

            return RegoNumber.Of(new BigInteger(dto.ToUnixTimeMilliseconds()) * 1_000_000 + ((dto.Ticks % TimeSpan.TicksPerMillisecond) * 100));
        });
        Add(d, "time.parse_duration_ns", 1, a => ParseDuration(a, a.Str(0)));
    }

    private static RegoArray Numbers(params int[] values)
    {
        var items = new RegoValue[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            items[i] = RegoNumber.Of(values[i]);
        }

        return new RegoArray(items);
    }

    private static long NanosOf(BuiltinArgs a, int i = 0)
    {
        var ns = TimeArgAt(a, i);
        var r = (long)BigInteger.Remainder(ns, 1_000_000_000);
        return r < 0 ? r + 1_000_000_000 : r;
    }

    private static BigInteger TimeArgAt(BuiltinArgs a, int i) => a[i] switch
    {
        RegoNumber n => n.IsInteger ? n.Integer : new BigInteger(n.Double),
        RegoArray { Count: 2 or 3 } arr when arr.Items[0] is RegoNumber n2 && arr.Items[1] is RegoString => n2.IsInteger ? n2.Integer : new BigInteger(n2.Double),
        _ => throw a.Fail($"expects `ns` to be a `number` or `array[number, string]`. Got `{a[i].ToJson()}` instead."),
    };

    private static DateTimeOffset TimeOf(BuiltinArgs a, int i = 0)
    {
        var ns = TimeArgAt(a, i);
        var seconds = (long)BigInteger.Divide(ns, 1_000_000_000);
        if (ns.Sign < 0 && !BigInteger.Remainder(ns, 1_000_000_000).IsZero)
        {
            seconds--;
        }

        var t = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var tz = a[i] is RegoArray arr && arr.Items[1] is RegoString s ? s.Value : string.Empty;
        if (tz is "" or "UTC")
        {
            return t;
        }

        try
        {
            var zone = tz == "Local" ? TimeZoneInfo.Local : TimeZoneInfo.FindSystemTimeZoneById(tz);
            return TimeZoneInfo.ConvertTime(t, zone);
        }
        catch (TimeZoneNotFoundException)
        {
            throw a.Fail("unknown time zone " + tz);
        }
    }

    private static string FormatGo(DateTimeOffset t, long nanos, string layout)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var i = 0;
        while (i < layout.Length)
        {
            bool Take(string tok)
            {
                if (string.CompareOrdinal(layout, i, tok, 0, tok.Length) == 0)
                {
                    i += tok.Length;
                    return true;
                }

                return false;
            }

            if (Take("2006"))
            {
                sb.Append(t.Year.ToString("D4", inv));
            }
            else if (Take("January"))
            {
                sb.Append(t.ToString("MMMM", inv));
            }
            else if (Take("Jan"))
            {
                sb.Append(t.ToString("MMM", inv));
            }
            else if (Take("Monday"))
            {
                sb.Append(t.DayOfWeek.ToString());
            }
            else if (Take("Mon"))
            {
                sb.Append(t.DayOfWeek.ToString()[..3]);
            }
            else if (Take("Z07:00"))
            {
                sb.Append(t.Offset == TimeSpan.Zero ? "Z" : t.ToString("zzz", inv));
            }
            else if (Take("-07:00"))
            {
                sb.Append(t.ToString("zzz", inv));
            }
            else if (Take("MST"))
            {
                sb.Append(t.Offset == TimeSpan.Zero ? "UTC" : t.ToString("zzz", inv));
            }
            else if (Take(".999999999") || Take(".000000000"))
            {
                var frac = nanos.ToString("D9", inv);
                if (layout[i - 1] == '9')
                {
                    frac = frac.TrimEnd('0');
                }

                if (frac.Length > 0)
                {
                    sb.Append('.').Append(frac);
                }
            }
            else if (Take(".000000"))
            {
                sb.Append('.').Append((nanos / 1000).ToString("D6", inv));
            }
            else if (Take(".000"))
            {
                sb.Append('.').Append((nanos / 1_000_000).ToString("D3", inv));
            }
            else if (Take("01"))
            {
                sb.Append(t.Month.ToString("D2", inv));
            }
            else if (Take("02"))
            {
                sb.Append(t.Day.ToString("D2", inv));
            }
            else if (Take("06"))
            {
                sb.Append((t.Year % 100).ToString("D2", inv));
            }
            else if (Take("15"))
            {
                sb.Append(t.Hour.ToString("D2", inv));
            }
            else if (Take("03"))
            {
                sb.Append((t.Hour % 12 == 0 ? 12 : t.Hour % 12).ToString("D2", inv));
            }
            else if (Take("04"))
            {
                sb.Append(t.Minute.ToString("D2", inv));
            }
            else if (Take("05"))
            {
                sb.Append(t.Second.ToString("D2", inv));
            }
            else if (Take("PM"))
            {
                sb.Append(t.Hour >= 12 ? "PM" : "AM");
            }
            else
            {
                sb.Append(layout[i++]);
            }
        }

        return sb.ToString();
    }

    private static string GoLayoutToDotNet(string layout)
    {
        var map = new (string Go, string Net)[]
        {
            ("2006", "yyyy"), ("January", "MMMM"), ("Jan", "MMM"), ("Monday", "dddd"), ("Mon", "ddd"), ("Z07:00", "K"), ("-07:00", "zzz"),
            (".999999999", ".FFFFFFF"), (".000", ".fff"), ("01", "MM"), ("02", "dd"), ("06", "yy"), ("15", "HH"), ("03", "hh"), ("04", "mm"), ("05", "ss"), ("PM", "tt"), ("MST", "UTC"),
        };
        var sb = new StringBuilder();
        var i = 0;
        while (i < layout.Length)
        {
            var matched = false;
            foreach (var (go, net) in map)
            {
                if (string.CompareOrdinal(layout, i, go, 0, go.Length) == 0)
                {
                    sb.Append(net);
                    i += go.Length;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                var c = layout[i++];
                if (char.IsLetter(c) || c is '\'' or '"' or '%' or '\\' or ':' or '/')
                {
                    sb.Append('\\');
                }

                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static RegoNumber ParseDuration(BuiltinArgs a, string s)
    {
        var orig = s;
        var neg = false;
        if (s.StartsWith('-') || s.StartsWith('+'))
        {
            neg = s[0] == '-';
            s = s[1..];
        }

        if (s == "0")
        {
            return RegoNumber.Of(0);
        }

        if (s.Length == 0)
        {
            throw a.Fail("invalid duration " + orig);
        }

        decimal total = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !decimal.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var num))
            {
                throw a.Fail("invalid duration " + orig);
            }

            var us = i;
            while (i < s.Length && !(char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            decimal mult = s[us..i] switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1e3m,
                "ms" => 1e6m,
                "s" => 1e9m,
                "m" => 60e9m,
                "h" => 3600e9m,
                _ => throw a.Fail("invalid duration " + orig),
            };
            total += num * mult;
        }

        return RegoNumber.Of(new BigInteger(decimal.Truncate(neg ? -total : total)));
    }
}
