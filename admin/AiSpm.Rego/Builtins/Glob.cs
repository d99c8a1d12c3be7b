using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace AiSpm.Rego.Builtins;

/// <summary>glob.match as OPA (gobwas/glob) defines it: `*` stops at delimiters, `**` does not, `?`, `[a-z]`, `[!x]`, `{a,b}`.</summary>
internal static class Glob
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static bool Match(string pattern, IReadOnlyList<string> delimiters, string text)
    {
        var key = pattern + "\0" + string.Join("\0", delimiters);
        if (Cache.Count > 1000)
        {
            Cache.Clear();
        }

        var re = Cache.GetOrAdd(key, _ => new Regex("^" + ToRegex(pattern, delimiters) + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1)));
        return re.IsMatch(text);
    }

    private static string ToRegex(string p, IReadOnlyList<string> delims)
    {
        var notDelim = delims.Count == 0 ? "." : "[^" + Regex.Escape(string.Concat(delims)).Replace("]", "\\]", StringComparison.Ordinal) + "]";
        var sb = new StringBuilder();
        var depth = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            switch (c)
            {
                case '*':
                    if (i + 1 < p.Length && p[i + 1] == '*')
                    {
                        sb.Append(".*");
                        i++;
                    }
                    else
                    {
                        sb.Append(notDelim).Append('*');
                    }

                    break;
                case '?':
                    sb.Append(notDelim);
                    break;
                case '[':
                    var end = p.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        throw new RegoException("glob.match: unexpected end of input in character class");
                    }

                    var cls = p[(i + 1)..end];
                    sb.Append('[');
                    if (cls.StartsWith('!'))
                    {
                        sb.Append('^');
                        cls = cls[1..];
                    }

                    sb.Append(cls.Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                case '{':
                    depth++;
                    sb.Append("(?:");
                    break;
                case '}' when depth > 0:
                    depth--;
                    sb.Append(')');
                    break;
                case ',' when depth > 0:
                    sb.Append('|');
                    break;
                case '\\' when i + 1 < p.Length:
                    sb.Append(Regex.Escape(p[++i].ToString()));
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return sb.ToString();
    }
}
