using AiSpm.Detection.Rules;

namespace AiSpm.Detection.Engines;

/// <summary>
/// The ASCII bytes a match of a pattern can hold only a few of, or none ("barriers"), from its expression in the
/// <see cref="Dialect"/> subset. A pattern such as <c>\b(print|show)\b[^.?!\n]*\bsystem prompt</c> can never match across a full stop or a
/// newline, so on a long text its regex only has to run over the barrier-free stretches where Hyperscan saw one of its
/// pieces, not from every start position of the whole text (see <see cref="Pieces.ConfirmationWindows"/>). When every
/// byte can occur somewhere in a match, the bytes that no unbounded repeat can take still bound it: in
/// <c>your[^.\n]*\b(include|add)\b[^.\n]*(https?://|www\.)</c> a match holds at most one '.', so it spans at most two
/// sentences.
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
    /// <summary>Above this many barrier bytes in one match, windows would be too wide to be worth their searches.</summary>
    public const int MaxCrossings = 64;

    /// <summary>The bytes no match of <paramref name="pattern"/> can hold, ascending; empty when every byte might be matched.</summary>
    public static byte[] BarrierBytes(PatternDefinition pattern)
    {
        var reader = Read(pattern, UInt128.Zero);
        return reader is null ? [] : Bytes(~reader.All & Ascii);
    }

    /// <summary>
    /// The barriers confirmation windows use, and how many of them one match can hold: the bytes no match holds
    /// (<see cref="MatchBarriers.MaxInMatch"/> 0) when there are any, else the bytes no unbounded repeat can take and
    /// the most of them the bounded rest of the pattern can consume; none when neither exists.
    /// </summary>
    public static MatchBarriers Analyze(PatternDefinition pattern)
    {
        var first = Read(pattern, UInt128.Zero);
        if (first is null)
        {
            return MatchBarriers.None;
        }

        var never = ~first.All & Ascii;
        return never != UInt128.Zero ? new MatchBarriers(Bytes(never), 0) : Counted(pattern, first);
    }

    /// <summary>
    /// The bytes no unbounded repeat can take and how many of them one match can hold, even where
    /// <see cref="Analyze"/> would give bytes no match holds. Both bound a match; which bounds it closer depends on the
    /// text, so stream confirmation tries both (a generic secret assignment holds no '(' at all, but at most nine
    /// spaces, and on prose nine spaces back is far nearer than the last parenthesis).
    /// </summary>
    public static MatchBarriers Counted(PatternDefinition pattern)
    {
        var first = Read(pattern, UInt128.Zero);
        return first is null ? MatchBarriers.None : Counted(pattern, first);
    }

    // The counted barriers, given the first pass over the pattern.
    private static MatchBarriers Counted(PatternDefinition pattern, Reader first)
    {
        var outsideRepeats = ~first.Repeated & Ascii;
        if (outsideRepeats == UInt128.Zero)
        {
            return MatchBarriers.None;
        }

        var second = Read(pattern, outsideRepeats);
        return second is null || second.Crossings > MaxCrossings ? MatchBarriers.None : new MatchBarriers(Bytes(outsideRepeats), (int)second.Crossings);
    }

    // Bit c for ASCII byte c: all 128 bits.
    private static readonly UInt128 Ascii = UInt128.MaxValue;

    private static Reader? Read(PatternDefinition pattern, UInt128 barriers)
    {
        var reader = new Reader(pattern.IsLiteral ? Dialect.Escape(pattern.Literal ?? string.Empty) : pattern.Expression, pattern.DotAll, pattern.Multiline, barriers);
        return reader.Run() ? reader : null;
    }

    private static byte[] Bytes(UInt128 set)
    {
        var bytes = new List<byte>();
        for (var b = 0; b < 128; b++)
        {
            if (((set >> b) & UInt128.One) != UInt128.Zero)
            {
                bytes.Add((byte)b);
            }
        }

        return [.. bytes];
    }

    /// <summary>
    /// One recursive-descent pass: the union of every byte a match can hold (<see cref="All"/>), of every byte an
    /// unbounded repeat can take (<see cref="Repeated"/>), and, given barriers, the most barrier bytes one match can
    /// hold (<see cref="Crossings"/>: alternation takes the larger, a sequence the sum, a bounded repeat multiplies).
    /// </summary>
    private sealed class Reader(string s, bool dotAll, bool multiline, UInt128 barriers)
    {
        private const long Infinite = MatchWidth.Infinite;
        private int _i;
        private bool _failed;

        public UInt128 All { get; private set; }

        public UInt128 Repeated { get; private set; }

        public long Crossings { get; private set; }

        public bool Run()
        {
            var (set, crossings) = Alternation();
            if (_failed || _i != s.Length)
            {
                return false;
            }

            All = set;
            Crossings = crossings;
            return true;
        }

        private (UInt128 Set, long Crossings) Alternation()
        {
            var (set, most) = Sequence();
            while (!_failed && _i < s.Length && s[_i] == '|')
            {
                _i++;
                var (other, crossings) = Sequence();
                set |= other;
                most = Math.Max(most, crossings);
            }

            return (set, most);
        }

        private (UInt128 Set, long Crossings) Sequence()
        {
            var set = UInt128.Zero;
            long sum = 0;
            while (!_failed && _i < s.Length && s[_i] is not '|' and not ')')
            {
                var (atom, crossings) = Atom();
                set |= atom;
                sum = Math.Min(Infinite, sum + Quantified(atom, crossings));
            }

            return (set, sum);
        }

        private (UInt128 Set, long Crossings) Atom()
        {
            var c = s[_i++];
            switch (c)
            {
                case '(':
                    var opening = MatchWidth.OpenGroup(s, ref _i);
                    if (opening != MatchWidth.GroupOpening.Group)
                    {
                        return opening == MatchWidth.GroupOpening.InlineFlags ? (UInt128.Zero, 0) : Fail();
                    }

                    var inner = Alternation();
                    if (_i >= s.Length || s[_i] != ')')
                    {
                        return Fail();
                    }

                    _i++;
                    return inner;
                case '[':
                    return Chars(Class());
                case '\\':
                    return Escape();
                case '^':
                    return (UInt128.Zero, 0);
                case '$':
                    // A non-multiline '$' also matches before a newline that ends the input, and so at a window's end.
                    return multiline ? (UInt128.Zero, 0) : Fail();
                case '.':
                    return Chars(dotAll ? Ascii : Ascii & ~Bit('\n'));
                case '*' or '+' or '?':
                    return Fail();
                default:
                    return Chars(Letter(c));
            }
        }

        private (UInt128 Set, long Crossings) Escape()
        {
            if (_i >= s.Length)
            {
                return Fail();
            }

            var n = s[_i++];
            switch (n)
            {
                case 'b' or 'B':
                    return (UInt128.Zero, 0);
                case 's' or 'S' or 'w' or 'W' or 'd' or 'D':
                    return Chars(Shorthand(n));
                case 'x' or 'u':
                    return Hex(n, out var code) ? Chars(Letter((char)code)) : Fail();
                default:
                    if (Control(n) is { } control)
                    {
                        return Chars(Bit(control));
                    }

                    // Letters and digits after a backslash are classes, anchors or backreferences this reader does
                    // not know; any other escaped character stands for itself.
                    return char.IsAsciiLetterOrDigit(n) ? Fail() : Chars(Letter(n));
            }
        }

        private UInt128 Class()
        {
            var members = UInt128.Zero;
            var negated = _i < s.Length && s[_i] == '^';
            if (negated)
            {
                _i++;
            }

            var first = true;
            while (!_failed && _i < s.Length && (s[_i] != ']' || first))
            {
                first = false;
                if (s[_i] == '[' && _i + 1 < s.Length && s[_i + 1] == ':')
                {
                    _failed = true;
                    break;
                }

                if (s[_i] == '\\' && _i + 1 < s.Length && s[_i + 1] is 's' or 'S' or 'w' or 'W' or 'd' or 'D')
                {
                    members |= Shorthand(s[_i + 1]);
                    _i += 2;
                    continue;
                }

                var low = ClassChar();
                var high = low;
                if (_i + 1 < s.Length && s[_i] == '-' && s[_i + 1] != ']')
                {
                    _i++;
                    high = ClassChar();
                }

                // Only a range's ASCII part matters: non-ASCII bytes are never barriers.
                for (var c = low; c <= high && c < 128; c++)
                {
                    members |= Letter((char)c);
                }
            }

            if (_failed || _i >= s.Length)
            {
                _failed = true;
                return UInt128.Zero;
            }

            _i++;
            return negated ? ~members & Ascii : members;
        }

        private int ClassChar()
        {
            var c = s[_i++];
            if (c != '\\')
            {
                return c;
            }

            if (_i >= s.Length)
            {
                _failed = true;
                return 0;
            }

            var n = s[_i++];
            if (n is 'x' or 'u')
            {
                _failed |= !Hex(n, out var code);
                return code;
            }

            if (Control(n) is { } control)
            {
                return control;
            }

            _failed |= char.IsAsciiLetterOrDigit(n);
            return n;
        }

        private bool Hex(char kind, out int code)
        {
            var digits = kind == 'x' ? 2 : 4;
            code = 0;
            if (_i + digits > s.Length || !int.TryParse(s.AsSpan(_i, digits), System.Globalization.NumberStyles.HexNumber, null, out code))
            {
                return false;
            }

            _i += digits;
            return true;
        }

        private long Quantified(UInt128 set, long crossings)
        {
            if (_i >= s.Length)
            {
                return crossings;
            }

            long? max;
            switch (s[_i])
            {
                case '*' or '+':
                    _i++;
                    max = null;
                    break;
                case '?':
                    _i++;
                    max = 1;
                    break;
                case '{' when MatchWidth.TryReadBraces(s, ref _i, out var upper):
                    max = upper >= Infinite ? null : upper;
                    break;
                default:
                    return crossings;
            }

            // A lazy or possessive suffix changes which match is found, not what a match can hold.
            if (_i < s.Length && s[_i] is '?' or '+')
            {
                _i++;
            }

            if (max is null)
            {
                Repeated |= set;
                return crossings == 0 ? 0 : Infinite;
            }

            return crossings == 0 ? 0 : MatchWidth.Multiply(crossings, max.Value);
        }

        private (UInt128 Set, long Crossings) Chars(UInt128 set) => (set, (set & barriers) != UInt128.Zero ? 1 : 0);

        private (UInt128 Set, long Crossings) Fail()
        {
            _failed = true;
            _i = s.Length;
            return (UInt128.Zero, 0);
        }
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

    private static UInt128 Bit(int c) => c < 128 ? UInt128.One << c : UInt128.Zero;

    // A letter in both cases: an inline (?i) can make any part of a pattern caseless, and a wider set is always safe.
    private static UInt128 Letter(char c) =>
        char.IsAsciiLetter(c) ? Bit(char.ToLowerInvariant(c)) | Bit(char.ToUpperInvariant(c)) : Bit(c);

    private static UInt128 Shorthand(char shorthand)
    {
        var set = UInt128.Zero;
        for (var c = 0; c < 128; c++)
        {
            var member = char.ToLowerInvariant(shorthand) switch
            {
                's' => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r',
                'w' => char.IsAsciiLetterOrDigit((char)c) || c == '_',
                _ => char.IsAsciiDigit((char)c),
            };
            set |= member ? Bit(c) : UInt128.Zero;
        }

        return char.IsUpper(shorthand) ? ~set & Ascii : set;
    }
}

/// <summary>Barrier bytes of a pattern and the most of them one match can hold; no bytes means no barriers.</summary>
internal readonly record struct MatchBarriers(byte[] Bytes, int MaxInMatch)
{
    public static MatchBarriers None { get; } = new([], 0);
}
