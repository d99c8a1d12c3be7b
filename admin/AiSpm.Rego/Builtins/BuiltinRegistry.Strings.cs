using System.Globalization;
using System.Text;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddStrings(Dictionary<string, BuiltinFunction> d)
    {
        Add(d, "lower", 1, a => new RegoString(FinalSigma(a.Str(0).ToLowerInvariant())));
        Add(d, "upper", 1, a => new RegoString(a.Str(0).ToUpperInvariant()));
        Add(d, "contains", 2, a => RegoBool.Of(a.Str(0).Contains(a.Str(1), StringComparison.Ordinal)));
        Add(d, "startswith", 2, a => RegoBool.Of(a.Str(0).StartsWith(a.Str(1), StringComparison.Ordinal)));
        Add(d, "endswith", 2, a => RegoBool.Of(a.Str(0).EndsWith(a.Str(1), StringComparison.Ordinal)));
        Add(d, "split", 2, a =>
        {
            var s = a.Str(0);
            var sep = a.Str(1);
            string[] parts;
            if (sep.Length == 0)
            {
                var runes = new List<string>();
                foreach (var r in s.EnumerateRunes())
                {
                    runes.Add(r.ToString());
                }

                parts = [.. runes];
            }
            else
            {
                parts = s.Split(sep);
            }

            return StringArray(parts);
        });
        Add(d, "concat", 2, a =>
        {
            var sep = a.Str(0);
            IEnumerable<RegoValue> items = a[1] switch
            {
                RegoArray x => x.Items,
                RegoSet x => x.Sorted,
                _ => throw a.Fail("expects array/set of strings."),
            };
            var parts = new List<string>();
            foreach (var i in items)
            {
                parts.Add(i is RegoString s ? s.Value : throw a.Fail("expects array/set of strings."));
            }

            return new RegoString(string.Join(sep, parts));
        });
        Add(d, "sprintf", 2, a => new RegoString(Sprintf.Format(a.Str(0), a.Arr(1).Items)));
        Add(d, "trim", 2, a => new RegoString(a.Str(0).Trim(a.Str(1).ToCharArray())));
        Add(d, "trim_left", 2, a => new RegoString(a.Str(0).TrimStart(a.Str(1).ToCharArray())));
        Add(d, "trim_right", 2, a => new RegoString(a.Str(0).TrimEnd(a.Str(1).ToCharArray())));
        Add(d, "trim_prefix", 2, a =>
        {
            var s = a.Str(0);
            var p = a.Str(1);
            return new RegoString(s.StartsWith(p, StringComparison.Ordinal) ? s[p.Length..] : s);
        });
        Add(d, "trim_suffix", 2, a =>
        {
            var s = a.Str(0);
            var p = a.Str(1);
            return new RegoString(s.EndsWith(p, StringComparison.Ordinal) ? s[..^p.Length] : s);
        });
        Add(d, "trim_space", 1, a => new RegoString(a.Str(0).Trim()));
        Add(d, "replace", 3, a =>
        {
            var s = a.Str(0);
            var old = a.Str(1);
            var nw = a.Str(2);
            return new RegoString(old.Length == 0 ? InsertBetweenRunes(s, nw) : s.Replace(old, nw, StringComparison.Ordinal));
        });
        Add(d, "strings.replace_n", 2, a =>
        {
            var patterns = a.Obj(0);
            var s = a.Str(1);
            foreach (var k in patterns.SortedKeys)
            {
                if (k is not RegoString ks || patterns.Items[k] is not RegoString vs)
                {
                    throw a.TypeError("string", 0);
                }

                if (ks.Value.Length > 0)
                {
                    s = s.Replace(ks.Value, vs.Value, StringComparison.Ordinal);
                }
            }

            return new RegoString(s);
        });
        Add(d, "strings.reverse", 1, a =>
        {
            var runes = new List<Rune>(a.Str(0).EnumerateRunes());
            runes.Reverse();
            var sb = new StringBuilder();
            foreach (var r in runes)
            {
                sb.Append(r.ToString());
            }

            return new RegoString(sb.ToString());
        });
        Add(d, "strings.any_prefix_match", 2, a => RegoBool.Of(AnyPair(a, (s, p) => s.StartsWith(p, StringComparison.Ordinal))));
        Add(d, "strings.any_suffix_match", 2, a => RegoBool.Of(AnyPair(a, (s, p) => s.EndsWith(p, StringComparison.Ordinal))));
        Add(d, "indexof", 2, a =>
        {
            var s = a.Str(0);
            var sub = a.Str(1);
            var idx = s.Length == 0 ? -1 : s.IndexOf(sub, StringComparison.Ordinal);
            return RegoNumber.Of(idx < 0 ? -1 : RuneIndex(s, idx));
        });
        Add(d, "indexof_n", 2, a =>
        {
            var s = a.Str(0);
            var sub = a.Str(1);
            var list = new List<RegoValue>();
            if (sub.Length > 0)
            {
                for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + 1, StringComparison.Ordinal))
                {
                    list.Add(RegoNumber.Of(RuneIndex(s, i)));
                }
            }

            return new RegoArray([.. list]);
        });
        Add(d, "substring", 3, a =>
        {
            var runes = Runes(a.Str(0));
            var start = a.Long(1);
            var len = a.Long(2);
            if (start < 0)
            {
                throw a.Fail("negative offset");
            }

            if (start >= runes.Count)
            {
                return RegoString.Empty;
            }

            var end = len < 0 ? runes.Count : Math.Min(runes.Count, start + len);
            return new RegoString(string.Concat(runes.GetRange((int)start, (int)(end - start))));
        });
        Add(d, "strings.count", 2, a =>
        {
            var s = a.Str(0);
            var sub = a.Str(1);
            if (sub.Length == 0)
            {
                return RegoNumber.Of(Runes(s).Count + 1);
            }

            var n = 0;
            for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal))
            {
                n++;
            }

            return RegoNumber.Of(n);
        });
        Add(d, "split_n", 3, a => StringArray(a.Str(0).Split(a.Str(1), (int)a.Long(2) < 0 ? int.MaxValue : (int)a.Long(2))));
    }

    /// <summary>Unicode's context rule for Greek capital sigma: at the end of a word it lowers to final sigma (Go and Rust do this).</summary>
    private static string FinalSigma(string s)
    {
        if (!s.Contains('σ', StringComparison.Ordinal))
        {
            return s;
        }

        var chars = s.ToCharArray();
        for (var i = 1; i < chars.Length; i++)
        {
            if (chars[i] == 'σ' && char.IsLetter(chars[i - 1]) && (i + 1 == chars.Length || !char.IsLetter(chars[i + 1])))
            {
                chars[i] = 'ς';
            }
        }

        return new string(chars);
    }

    private static RegoArray StringArray(string[] parts)
    {
        var items = new RegoValue[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            items[i] = new RegoString(parts[i]);
        }

        return new RegoArray(items);
    }

    private static List<string> Runes(string s)
    {
        var list = new List<string>(s.Length);
        foreach (var r in s.EnumerateRunes())
        {
            list.Add(r.ToString());
        }

        return list;
    }

    private static int RuneIndex(string s, int charIndex)
    {
        var n = 0;
        for (var i = 0; i < charIndex; i++)
        {
            if (!char.IsLowSurrogate(s[i]))
            {
                n++;
            }
        }

        return n;
    }

    private static string InsertBetweenRunes(string s, string sep)
    {
        var sb = new StringBuilder(sep);
        foreach (var r in s.EnumerateRunes())
        {
            sb.Append(r.ToString()).Append(sep);
        }

        return sb.ToString();
    }

    private static bool AnyPair(BuiltinArgs a, Func<string, string, bool> test)
    {
        var ss = StringsOf(a, 0);
        var ps = StringsOf(a, 1);
        foreach (var s in ss)
        {
            foreach (var p in ps)
            {
                if (test(s, p))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static List<string> StringsOf(BuiltinArgs a, int i)
    {
        var list = new List<string>();
        switch (a[i])
        {
            case RegoString s:
                list.Add(s.Value);
                break;
            case RegoArray arr:
                foreach (var x in arr.Items)
                {
                    list.Add(x is RegoString xs ? xs.Value : throw a.TypeError("string", i));
                }

                break;
            case RegoSet set:
                foreach (var x in set.Sorted)
                {
                    list.Add(x is RegoString xs ? xs.Value : throw a.TypeError("string", i));
                }

                break;
            default:
                throw a.TypeError("string", i);
        }

        return list;
    }

}
