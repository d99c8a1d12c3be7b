using AiSpm.Detection.Rules;

namespace AiSpm.Detection.Engines;

/// <summary>
/// The longest text a pattern can match, from its expression (the <see cref="Dialect"/> subset: no lookaround, no
/// backreferences). Stream confirmation uses it to rescan only a bounded tail: a regex attempt at one start position
/// reads at most this many characters plus one of look-ahead (<c>\b</c>, <c>$</c>). Conservative: every consumed
/// character counts as 3 UTF-8 bytes (the normalized text is BMP-only), and anything the parser does not understand
/// counts as unbounded.
/// </summary>
internal static class MatchWidth
{
    /// <summary>No bound (an unbounded repeat, or more than the caller's cap).</summary>
    public const int Unbounded = -1;

    /// <summary>A width or count too large to matter; sums and products saturate at it.</summary>
    internal const long Infinite = long.MaxValue / 4;
    private const int MaxBytesPerChar = 3;

    /// <summary>Longest match of <paramref name="pattern"/> in UTF-8 bytes, or <see cref="Unbounded"/> when above <paramref name="cap"/>.</summary>
    /// <param name="foldedWhitespace">
    /// The text holds no two whitespace characters in a row, as a stream's text does (<c>Normalizer.Append</c> folds
    /// every run, across deltas too), so a repeat of a whitespace-only atom (<c>\s*</c>, <c>[\n ]+</c>) matches one
    /// character at most. Block scans fold at their joins too (<c>Normalizer.StartLine</c>), but their windows still
    /// count such repeats in full: a wider window only costs time, a narrower one would be wrong if a join ever
    /// left a run again.
    /// </param>
    public static int MaxUtf8Bytes(PatternDefinition pattern, int cap, bool foldedWhitespace = false)
    {
        long chars;
        if (pattern.IsLiteral)
        {
            chars = pattern.Literal?.Length ?? Infinite;
        }
        else
        {
            var i = 0;
            var expression = pattern.Expression;
            chars = Alternation(expression, ref i, foldedWhitespace);
            if (i != expression.Length)
            {
                chars = Infinite;
            }
        }

        var bytes = chars >= Infinite ? Infinite : chars * MaxBytesPerChar;
        return bytes > cap ? Unbounded : (int)bytes;
    }

    /// <summary>
    /// Whether the pattern asserts the end of the input (a non-multiline <c>$</c>, <c>\Z</c>, <c>\z</c>): such an
    /// assertion reads as true at the end of a window too, so the pattern is only ever run over the whole text.
    /// </summary>
    public static bool AssertsInputEnd(PatternDefinition pattern)
    {
        if (pattern.IsLiteral)
        {
            return false;
        }

        var s = pattern.Expression;
        var inClass = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\\')
            {
                if (i + 1 < s.Length && s[i + 1] is 'Z' or 'z' && !inClass)
                {
                    return true;
                }

                i++;
            }
            else if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                inClass = true;
                // A ']' first in a class, or right after its '^', is a member, not the end.
                if (i + 1 < s.Length && s[i + 1] == '^')
                {
                    i++;
                }

                if (i + 1 < s.Length && s[i + 1] == ']')
                {
                    i++;
                }
            }
            else if (c == '$' && !pattern.Multiline)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What follows a <c>(</c> (already read): a group, whose body starts at <paramref name="i"/> on return.</summary>
    internal enum GroupOpening
    {
        Group,

        /// <summary>An inline flag group such as <c>(?i)</c>, read whole.</summary>
        InlineFlags,

        /// <summary>Lookaround, named or atomic groups: outside the dialect.</summary>
        Unsupported,
    }

    /// <summary>Reads past <c>(?:</c> and <c>(?flags:</c> to a group's body, or past a whole <c>(?flags)</c>.</summary>
    internal static GroupOpening OpenGroup(string s, ref int i)
    {
        if (i >= s.Length || s[i] != '?')
        {
            return GroupOpening.Group;
        }

        i++;
        while (i < s.Length && s[i] is 'i' or 's' or 'm' or '-')
        {
            i++;
        }

        if (i < s.Length && s[i] is ':' or ')')
        {
            return s[i++] == ':' ? GroupOpening.Group : GroupOpening.InlineFlags;
        }

        return GroupOpening.Unsupported;
    }

    private static long Alternation(string s, ref int i, bool foldedWhitespace)
    {
        var max = Sequence(s, ref i, foldedWhitespace);
        while (i < s.Length && s[i] == '|')
        {
            i++;
            max = Math.Max(max, Sequence(s, ref i, foldedWhitespace));
        }

        return max;
    }

    private static long Sequence(string s, ref int i, bool foldedWhitespace)
    {
        long sum = 0;
        while (i < s.Length && s[i] is not '|' and not ')')
        {
            var start = i;
            var atom = Atom(s, ref i, foldedWhitespace);
            var atomEnd = i;
            var repeated = Quantified(s, ref i, atom);
            if (foldedWhitespace && repeated > atom && atomEnd <= s.Length && IsWhitespaceOnly(s.AsSpan(start, atomEnd - start)))
            {
                repeated = atom;
            }

            sum = Add(sum, repeated);
        }

        return sum;
    }

    private static long Atom(string s, ref int i, bool foldedWhitespace)
    {
        var c = s[i++];
        switch (c)
        {
            case '(':
                var opening = OpenGroup(s, ref i);
                if (opening != GroupOpening.Group)
                {
                    // An inline flag group such as (?i) is zero width; lookaround and the like are not read.
                    return opening == GroupOpening.InlineFlags ? 0 : Infinite;
                }

                var inner = Alternation(s, ref i, foldedWhitespace);
                if (i >= s.Length || s[i] != ')')
                {
                    i = s.Length + 1;
                    return Infinite;
                }

                i++;
                return inner;
            case '[':
                SkipClass(s, ref i);
                return 1;
            case '\\':
                return Escape(s, ref i);
            case '^' or '$':
                return 0;
            default:
                return 1;
        }
    }

    private static long Escape(string s, ref int i)
    {
        if (i >= s.Length)
        {
            return Infinite;
        }

        var n = s[i++];
        switch (n)
        {
            case 'b' or 'B':
                return 0;
            case 'x':
                i = Math.Min(s.Length, i + 2);
                return 1;
            case 'u':
                i = Math.Min(s.Length, i + 4);
                return 1;
            case 'c':
                i = Math.Min(s.Length, i + 1);
                return 1;
            default:
                while (n is >= '0' and <= '7' && i < s.Length && s[i] is >= '0' and <= '7')
                {
                    i++;
                }

                return 1;
        }
    }

    private static void SkipClass(string s, ref int i)
    {
        if (i < s.Length && s[i] == '^')
        {
            i++;
        }

        if (i < s.Length && s[i] == ']')
        {
            i++;
        }

        while (i < s.Length && s[i] != ']')
        {
            i += s[i] == '\\' ? 2 : 1;
        }

        // Past the closing bracket; an unterminated class leaves i past the end, which reads as unbounded.
        i++;
    }

    private static long Quantified(string s, ref int i, long atom)
    {
        if (i >= s.Length)
        {
            return atom;
        }

        switch (s[i])
        {
            case '*' or '+':
                i++;
                return atom == 0 ? 0 : Infinite;
            case '?':
                i++;
                return atom;
            case '{' when TryReadBraces(s, ref i, out var max):
                return atom == 0 ? 0 : max >= Infinite ? Infinite : Multiply(atom, max);
            default:
                // Not a quantifier: .NET reads a lone '{' as a literal (the next atom).
                return atom;
        }
    }

    /// <summary>
    /// Whether <paramref name="atom"/> (its text, without the quantifier) matches only whitespace: <c>\s</c>, a space,
    /// a newline, or an escape or class made of nothing else. Negated classes and ranges never count.
    /// </summary>
    internal static bool IsWhitespaceOnly(ReadOnlySpan<char> atom)
    {
        if (atom.Length >= 2 && atom[0] == '[' && atom[^1] == ']' && atom[1] != '^')
        {
            var members = atom[1..^1];
            if (members.IsEmpty)
            {
                return false;
            }

            while (!members.IsEmpty)
            {
                var length = members[0] == '\\' ? EscapeLength(members) : 1;
                if (length == 0 || length > members.Length || (length == 1 && members[0] == '-') || !IsWhitespaceOnly(members[..length]))
                {
                    return false;
                }

                members = members[length..];
            }

            return true;
        }

        return atom switch
        {
            [' ' or '\n' or '\r' or '\t' or '\f' or '\v'] => true,
            ['\\', 's' or 'n' or 'r' or 't' or 'f' or 'v'] => true,
            ['\\', 'x', '0', '9' or 'a' or 'A' or 'b' or 'B' or 'c' or 'C' or 'd' or 'D'] => true,
            ['\\', 'x', '2', '0'] => true,
            _ => false,
        };
    }

    // An escape inside a class: \xHH is four characters, any other two; 0 when cut short.
    private static int EscapeLength(ReadOnlySpan<char> members) =>
        members.Length < 2 ? 0 : members[1] == 'x' ? 4 : 2;

    /// <summary>
    /// Reads a brace repeat at <paramref name="i"/> (<c>{m}</c>, <c>{m,}</c> or <c>{m,n}</c>) and its upper bound,
    /// <see cref="Infinite"/> when it has none or a count past nine digits; false, with <paramref name="i"/> unchanged,
    /// when the brace is a literal. Shared with <see cref="MatchAlphabet"/>, which must read repeats alike.
    /// </summary>
    internal static bool TryReadBraces(string s, ref int i, out long max)
    {
        max = 0;
        var j = i + 1;
        var low = Count(s, ref j);
        if (low < 0)
        {
            return false;
        }

        var high = low;
        if (j < s.Length && s[j] == ',')
        {
            j++;
            high = j < s.Length && s[j] == '}' ? Infinite : Count(s, ref j);
        }

        if (high < 0 || j >= s.Length || s[j] != '}')
        {
            return false;
        }

        i = j + 1;
        max = high;
        return true;
    }

    // The digits at j: their value, Infinite past nine of them, or -1 when there are none.
    private static long Count(string s, ref int j)
    {
        var start = j;
        while (j < s.Length && char.IsAsciiDigit(s[j]))
        {
            j++;
        }

        return j == start ? -1 : j - start > 9 ? Infinite : long.Parse(s.AsSpan(start, j - start), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static long Add(long a, long b) => a >= Infinite || b >= Infinite ? Infinite : Math.Min(Infinite, a + b);

    /// <summary>a × b, saturating at <see cref="Infinite"/> instead of overflowing.</summary>
    internal static long Multiply(long a, long b) => a >= Infinite || b >= Infinite || (b != 0 && a > Infinite / b) ? Infinite : a * b;
}
