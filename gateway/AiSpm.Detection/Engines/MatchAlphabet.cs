using AiSpm.Detection.Rules;

namespace AiSpm.Detection.Engines;

/// <summary>
/// The ASCII bytes no match of a pattern can contain ("barriers"), from its expression in the <see cref="Dialect"/>
/// subset. A pattern such as <c>\b(print|show)\b[^.?!\n]*\bsystem prompt</c> can never match across a full stop or a
/// newline, so on a long text its regex only has to run over the barrier-free stretches where Hyperscan saw one of its
/// pieces, not from every start position of the whole text (see <see cref="Hyperscan.ConfirmationWindows"/>).
/// </summary>
/// <remarks>
/// Conservative by construction: every letter counts in both cases, a quantifier brace that is not one counts as
/// literal text, non-ASCII bytes are never barriers, and anything the reader does not understand (lookaround,
/// backreferences, <c>\A \z \Z \G</c>, POSIX classes, a non-multiline <c>$</c>, which could match before a newline
/// that ends a confirmation window) means no barriers at all. A wider alphabet only makes windows longer; it never
/// hides a match.
/// </remarks>
internal static class MatchAlphabet
{
    /// <summary>The barrier bytes of <paramref name="pattern"/>, in ascending order; empty when every byte might be matched.</summary>
    public static byte[] BarrierBytes(PatternDefinition pattern)
    {
        var alphabet = new bool[128];
        if (pattern.IsLiteral)
        {
            foreach (var c in pattern.Literal ?? string.Empty)
            {
                AddChar(alphabet, c);
            }
        }
        else if (!Read(pattern.Expression, pattern.DotAll, pattern.Multiline, alphabet))
        {
            return [];
        }

        var count = 0;
        foreach (var a in alphabet)
        {
            count += a ? 0 : 1;
        }

        var barriers = new byte[count];
        var k = 0;
        for (var b = 0; b < alphabet.Length; b++)
        {
            if (!alphabet[b])
            {
                barriers[k++] = (byte)b;
            }
        }

        return barriers;
    }

    private static bool Read(string s, bool dotAll, bool multiline, bool[] alphabet)
    {
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i++];
            switch (c)
            {
                case '\\':
                    if (!Escape(s, ref i, alphabet))
                    {
                        return false;
                    }

                    break;
                case '[':
                    if (!Class(s, ref i, alphabet))
                    {
                        return false;
                    }

                    break;
                case '(':
                    if (i < s.Length && s[i] == '?')
                    {
                        i++;
                        while (i < s.Length && s[i] is 'i' or 's' or 'm' or '-')
                        {
                            i++;
                        }

                        if (i >= s.Length || s[i] is not (':' or ')'))
                        {
                            // Lookaround, named groups, atomic groups: outside the dialect, so no claim.
                            return false;
                        }

                        i++;
                    }

                    break;
                case '$':
                    if (!multiline)
                    {
                        return false;
                    }

                    break;
                case '{':
                    if (!SkipQuantifier(s, ref i))
                    {
                        alphabet['{'] = true;
                    }

                    break;
                case '.':
                    AddAll(alphabet);
                    alphabet['\n'] = dotAll;
                    break;
                case ')' or '|' or '^' or '*' or '+' or '?':
                    break;
                default:
                    AddChar(alphabet, c);
                    break;
            }
        }

        return true;
    }

    private static bool Escape(string s, ref int i, bool[] alphabet)
    {
        if (i >= s.Length)
        {
            return false;
        }

        var n = s[i++];
        switch (n)
        {
            case 'b' or 'B':
                return true;
            case 's' or 'S' or 'w' or 'W' or 'd' or 'D':
                AddShorthand(alphabet, n);
                return true;
            case 'x' or 'u':
                var digits = n == 'x' ? 2 : 4;
                if (i + digits > s.Length || !int.TryParse(s.AsSpan(i, digits), System.Globalization.NumberStyles.HexNumber, null, out var code))
                {
                    return false;
                }

                i += digits;
                AddChar(alphabet, (char)code);
                return true;
            default:
                if (Control(n) is { } control)
                {
                    AddChar(alphabet, control);
                    return true;
                }

                // Letters and digits after a backslash are classes, anchors or backreferences this reader does not
                // know; any other escaped character stands for itself.
                if (char.IsAsciiLetterOrDigit(n))
                {
                    return false;
                }

                AddChar(alphabet, n);
                return true;
        }
    }

    private static bool Class(string s, ref int i, bool[] alphabet)
    {
        var members = new bool[128];
        var negated = i < s.Length && s[i] == '^';
        if (negated)
        {
            i++;
        }

        var first = true;
        while (i < s.Length && (s[i] != ']' || first))
        {
            first = false;
            int low;
            if (s[i] == '\\')
            {
                i++;
                if (i >= s.Length)
                {
                    return false;
                }

                var n = s[i++];
                if (n is 's' or 'S' or 'w' or 'W' or 'd' or 'D')
                {
                    AddShorthand(members, n);
                    continue;
                }

                if (!ClassEscape(s, n, ref i, out low))
                {
                    return false;
                }
            }
            else if (s[i] == '[' && i + 1 < s.Length && s[i + 1] == ':')
            {
                return false;
            }
            else
            {
                low = s[i++];
            }

            var high = low;
            if (i + 1 < s.Length && s[i] == '-' && s[i + 1] != ']')
            {
                i++;
                if (s[i] == '\\')
                {
                    i++;
                    if (i >= s.Length || !ClassEscape(s, s[i++], ref i, out high))
                    {
                        return false;
                    }
                }
                else
                {
                    high = s[i++];
                }
            }

            // Only a range's ASCII part matters: non-ASCII bytes are never barriers.
            for (var c = low; c <= high && c < 128; c++)
            {
                AddChar(members, (char)c);
            }
        }

        if (i >= s.Length)
        {
            return false;
        }

        i++;
        for (var c = 0; c < 128; c++)
        {
            if (members[c] != negated)
            {
                alphabet[c] = true;
            }
        }

        return true;
    }

    private static bool ClassEscape(string s, char n, ref int i, out int value)
    {
        if (n is 'x' or 'u')
        {
            var digits = n == 'x' ? 2 : 4;
            if (i + digits > s.Length || !int.TryParse(s.AsSpan(i, digits), System.Globalization.NumberStyles.HexNumber, null, out value))
            {
                value = 0;
                return false;
            }

            i += digits;
            return true;
        }

        if (Control(n) is { } control)
        {
            value = control;
            return true;
        }

        value = n;
        return !char.IsAsciiLetterOrDigit(n);
    }

    private static char? Control(char n) => n switch
    {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        'f' => '\f',
        'v' => '\v',
        'a' => '\a',
        'e' => '\u001b',
        '0' => '\0',
        _ => null,
    };

    private static bool SkipQuantifier(string s, ref int i)
    {
        var j = i;
        var digits = 0;
        while (j < s.Length && char.IsAsciiDigit(s[j]))
        {
            j++;
            digits++;
        }

        if (digits == 0)
        {
            return false;
        }

        if (j < s.Length && s[j] == ',')
        {
            j++;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                j++;
            }
        }

        if (j >= s.Length || s[j] != '}')
        {
            return false;
        }

        i = j + 1;
        return true;
    }

    private static void AddShorthand(bool[] alphabet, char shorthand)
    {
        var negated = char.IsUpper(shorthand);
        for (var c = 0; c < 128; c++)
        {
            var member = char.ToLowerInvariant(shorthand) switch
            {
                's' => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r',
                'w' => char.IsAsciiLetterOrDigit((char)c) || c == '_',
                _ => char.IsAsciiDigit((char)c),
            };
            if (member != negated)
            {
                alphabet[c] = true;
            }
        }
    }

    private static void AddAll(bool[] alphabet) => alphabet.AsSpan().Fill(true);

    private static void AddChar(bool[] alphabet, char c)
    {
        if (c >= 128)
        {
            return;
        }

        alphabet[c] = true;
        if (char.IsAsciiLetter(c))
        {
            alphabet[char.ToUpperInvariant(c)] = true;
            alphabet[char.ToLowerInvariant(c)] = true;
        }
    }
}
