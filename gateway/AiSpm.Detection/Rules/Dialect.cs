using System.Text;

namespace AiSpm.Detection.Rules;

/// <summary>
/// The regex subset both engines implement identically: no lookaround, backreferences, atomic groups, possessive or
/// lazy quantifiers, named groups, Unicode properties or <c>\Q</c>. Lazy quantifiers are refused too because the
/// canonical semantics is the union of all matches, which a lazy quantifier would only obscure.
/// </summary>
internal static class Dialect
{
    public static string? Check(string regex)
    {
        var inClass = false;
        for (var i = 0; i < regex.Length; i++)
        {
            var c = regex[i];
            if (c == '\\')
            {
                if (i + 1 >= regex.Length)
                {
                    return "trailing backslash";
                }

                var n = regex[++i];
                if (n is >= '1' and <= '9' || n == 'k')
                {
                    return "backreferences are not supported";
                }

                if (n is 'p' or 'P' or 'Q' or 'E' or 'G' or 'X' or 'R' or 'K')
                {
                    return "\\" + n + " is not supported by both engines";
                }

                if (n == 'x' && i + 1 < regex.Length && regex[i + 1] == '{')
                {
                    return "use \\xHH, not \\x{...}";
                }

                if (c > 127 || n > 127)
                {
                    return "patterns must be ASCII (use \\xHH)";
                }

                continue;
            }

            if (c > 127)
            {
                return "patterns must be ASCII (the normalizer folds look-alikes before scanning)";
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }

                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    if (i + 1 < regex.Length && regex[i + 1] == '^')
                    {
                        i++;
                    }

                    if (i + 1 < regex.Length && regex[i + 1] == ']')
                    {
                        i++;
                    }

                    break;
                case '(':
                    if (i + 1 < regex.Length && regex[i + 1] == '?')
                    {
                        var rest = regex.AsSpan(i + 2);
                        if (rest.StartsWith(":"))
                        {
                            break;
                        }

                        var j = 0;
                        while (j < rest.Length && rest[j] is 'i' or 's' or 'm' or '-')
                        {
                            j++;
                        }

                        if (j > 0 && j < rest.Length && rest[j] is ')' or ':')
                        {
                            break;
                        }

                        return "only (?:...) and inline flags (?i) (?s) (?m) are supported: no lookaround, atomic or named groups";
                    }

                    break;
                case '*' or '+' or '?' or '}':
                    if (i + 1 < regex.Length && regex[i + 1] is '?' or '+' && !(c == '?' && IsGroupOpen(regex, i)))
                    {
                        return "lazy and possessive quantifiers are not supported";
                    }

                    break;
            }
        }

        return inClass ? "unterminated character class" : null;
    }

    private static bool IsGroupOpen(string regex, int i) => i > 0 && regex[i - 1] == '(';

    public static string Escape(string literal)
    {
        var sb = new StringBuilder(literal.Length * 2);
        foreach (var c in literal)
        {
            if (c > 127)
            {
                sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }

            if ("\\^$.|?*+()[]{}/-#&~ ".Contains(c, StringComparison.Ordinal))
            {
                sb.Append(c == ' ' ? "\\x20" : "\\" + c);
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>The .NET spelling of a dialect pattern: dotall becomes <c>[\s\S]</c> because ECMAScript mode has no Singleline.</summary>
    public static string ToDotNet(string regex, bool dotAll)
    {
        if (!dotAll)
        {
            return regex;
        }

        var sb = new StringBuilder(regex.Length + 8);
        var inClass = false;
        for (var i = 0; i < regex.Length; i++)
        {
            var c = regex[i];
            if (c == '\\' && i + 1 < regex.Length)
            {
                sb.Append(c).Append(regex[++i]);
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }

                sb.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                sb.Append(c);
                if (i + 1 < regex.Length && regex[i + 1] == '^')
                {
                    sb.Append(regex[++i]);
                }

                if (i + 1 < regex.Length && regex[i + 1] == ']')
                {
                    sb.Append(regex[++i]);
                }

                continue;
            }

            sb.Append(c == '.' ? "[\\s\\S]" : c.ToString());
        }

        return sb.ToString();
    }
}
