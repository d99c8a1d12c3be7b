using System.Text;
using AiSpm.Detection.Normalization;

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

                if (inClass && n is 'W' or 'D')
                {
                    return "\\" + n + " inside a class is not supported: the regexes spell \\w and \\d as ASCII classes";
                }

                continue;
            }

            if (c > 127)
            {
                if (inClass)
                {
                    return "a letter beyond ASCII cannot stand in a class: write an alternation (?:a|b)";
                }

                if (i + 1 < regex.Length && regex[i + 1] is '?' or '*' or '+' or '{')
                {
                    return "a letter beyond ASCII cannot take a quantifier (Hyperscan sees its bytes): write (?:x)?";
                }

                if (ScriptLetter(c) is { } problem)
                {
                    return problem;
                }

                continue;
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

    // A letter beyond ASCII must be one the normalizer can leave in the text, in any spelling it folds to.
    private static string? ScriptLetter(char c)
    {
        if (char.IsSurrogate(c))
        {
            return "characters beyond the BMP are replaced by U+FFFD before scanning";
        }

        var folded = FoldLetter(c);
        if (folded.Length == 0)
        {
            // A vowel point or nukta: dropped from the pattern as from the text.
            return ScriptFold.Fold(c) == ScriptFold.Drop ? null : "U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + " is removed before scanning";
        }

        return (folded.Length == 1 && folded[0] > 127 && !ScriptFold.IsKept(folded[0]))
            ? "U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + " is not a letter of a script patterns may hold (Greek, Cyrillic, Hebrew, Arabic, Devanagari, Bengali, Thai, kana, CJK, Hangul)"
            : null;
    }

    // What the normalizer writes for one letter: itself, its lower case or unaccented form, or an ASCII look-alike.
    private static string FoldLetter(char c)
    {
        var text = new NormalizedText();
        Span<byte> utf8 = stackalloc byte[4];
        var n = new Rune(c).EncodeToUtf8(utf8);
        var state = default(NormalizerState);
        Normalizer.Append(utf8[..n], jsonEscaped: false, 0, text, ref state);
        return Encoding.UTF8.GetString(text.Bytes);
    }

    /// <summary>
    /// A checked pattern with each letter beyond ASCII spelled as the normalizer writes it (<see cref="ScriptFold"/>,
    /// <see cref="Confusables"/>): Cyrillic "пароль" becomes "пapoлb", as the scanned text does.
    /// </summary>
    public static string FoldLetters(string regex)
    {
        if (Ascii.IsValid(regex))
        {
            return regex;
        }

        var sb = new StringBuilder(regex.Length);
        for (var i = 0; i < regex.Length; i++)
        {
            var c = regex[i];
            if (c == '\\' && i + 1 < regex.Length)
            {
                sb.Append(c).Append(regex[++i]);
                continue;
            }

            if (c <= 127)
            {
                sb.Append(c);
                continue;
            }

            foreach (var f in FoldLetter(c))
            {
                // A look-alike or an unaccented Vietnamese letter is an ASCII letter or digit; anything else is escaped.
                if (f < 128 && !char.IsAsciiLetterOrDigit(f))
                {
                    sb.Append(Escape(f.ToString()));
                }
                else
                {
                    sb.Append(f);
                }
            }
        }

        return sb.ToString();
    }

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

    /// <summary>
    /// The .NET spelling of a dialect pattern: <c>\w</c> and <c>\d</c> as the ASCII classes they are to Hyperscan (the
    /// confirming text holds letters of other scripts, <see cref="ScriptFold.IsKept"/>, which .NET's Unicode classes
    /// would count as word characters and digits), and dotall as <c>[\s\S]</c> because ECMAScript mode has no Singleline.
    /// </summary>
    public static string ToDotNet(string regex, bool dotAll)
    {
        if (!dotAll && !regex.Contains('\\', StringComparison.Ordinal))
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
                var n = regex[++i];
                sb.Append(n switch
                {
                    'w' => inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]",
                    'W' => "[^0-9A-Za-z_]",
                    'd' => inClass ? "0-9" : "[0-9]",
                    'D' => "[^0-9]",
                    _ => "\\" + n,
                });
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

            sb.Append(c == '.' && dotAll ? "[\\s\\S]" : c.ToString());
        }

        return sb.ToString();
    }
}
