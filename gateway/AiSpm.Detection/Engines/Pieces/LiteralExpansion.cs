using System.Text;

namespace AiSpm.Detection.Engines.Pieces;

/// <summary>
/// Rewrites a piece as the plain literals every match of it contains: <c>the[\n ](previous|prior)[\n ](rules|text)</c>
/// becomes sixteen strings like <c>the previous rules</c>. Hyperscan runs a set of plain literals in its literal matcher
/// alone, where a piece with classes and alternations between words also needs automata fed from a short, common
/// factor ("the ").
/// </summary>
/// <remarks>
/// The literals only have to be a superset, as the pieces are: each match of the piece contains one of them. A part
/// that cannot be spelled out after a spelled prefix (<c>ethic\w*</c>) ends its literal there; anything else that
/// cannot be spelled (<c>.</c>, a wide class, an open repeat in the middle) keeps the piece a regex, and so does a set
/// that would be too large or hold a literal under four bytes. <c>\s</c> is a space or a newline, the only
/// whitespace normalized text holds. Cases are kept as written: the piece's own flags still say whether case matters.
/// </remarks>
internal static class LiteralExpansion
{
    /// <summary>Most literals one piece may become; products of word alternations grow fast.</summary>
    public const int MaxLiterals = 256;

    /// <summary>Most literals of one piece for the managed engine's search, whose trie holds thousands at little cost.</summary>
    public const int MaxLeadingLiterals = 4096;

    /// <summary>Shortest literal worth a literal set; shorter ones are left to Hyperscan's own factoring.</summary>
    public const int MinLength = 4;

    /// <summary>Literal strings contained in every match of <paramref name="piece"/>, or null to keep it a regex.</summary>
    public static List<string>? Literals(string piece) => Texts(Spell(piece, wholePiece: true));

    /// <summary>
    /// Like <see cref="Literals"/>, of any length, but a piece that cannot be spelled to its end keeps the literals
    /// spelled up to there (<c>ghp_</c> and its kin for <c>\b(?:ghp|gho)_[A-Za-z0-9]{36}\b</c>), and a product that
    /// would grow past <see cref="MaxLeadingLiterals"/> stops where it is: each is still contained in every match of the piece.
    /// Null when nothing can be spelled from the piece's start. Hyperscan keeps such a piece a regex, which is exact;
    /// the managed engine has no cheaper way to place it.
    /// </summary>
    public static List<string>? LeadingLiterals(string piece) => Texts(Spell(piece, wholePiece: false));

    private static List<string>? Texts(Set? set)
    {
        if (set is null)
        {
            return null;
        }

        var literals = new List<string>(set.Count);
        foreach (var literal in set)
        {
            literals.Add(literal.Text);
        }

        return literals;
    }

    /// <summary>
    /// The Hyperscan expression to run for <paramref name="piece"/>: its literals as one alternation, or null to keep the
    /// piece as it is. A word boundary at the piece's start or end stays on each literal it applies to (every literal
    /// starts the piece; only those spelled to its end, not cut open, end it): without it "drop" would fire on
    /// "dropped" where <c>(drop|exec)\b</c> does not.
    /// </summary>
    public static string? ExpressionFor(string piece)
    {
        if (Spell(piece, wholePiece: true) is not { } set)
        {
            return null;
        }

        var leading = piece.StartsWith(@"\b", StringComparison.Ordinal);
        var trailing = piece.EndsWith(@"\b", StringComparison.Ordinal) && !piece.EndsWith(@"\\b", StringComparison.Ordinal);
        var sorted = new List<Literal>(set);
        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Text, b.Text));
        var sb = new StringBuilder(leading ? @"\b(?:" : "(?:");
        for (var i = 0; i < sorted.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('|');
            }

            foreach (var b in Encoding.UTF8.GetBytes(sorted[i].Text))
            {
                if (char.IsAsciiLetterOrDigit((char)b) || b == (byte)' ')
                {
                    sb.Append((char)b);
                }
                else
                {
                    sb.Append(@"\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            if (trailing && !sorted[i].Open)
            {
                sb.Append(@"\b");
            }
        }

        return sb.Append(')').ToString();
    }

    private static Set? Spell(string piece, bool wholePiece)
    {
        if (piece.StartsWith('^'))
        {
            // An anchored piece is checked at the text's start only; spelling it out would lose that.
            return null;
        }

        var parser = new Parser(piece, wholePiece ? MaxLiterals : MaxLeadingLiterals);
        try
        {
            var items = parser.Sequence();
            return parser.Position != piece.Length ? null : wholePiece ? WholePiece(items) : Leading(items);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The literals of the whole piece: every item spelled, in order, up to where every literal is open (its match goes
    /// on unspelled). A literal set for only part of a piece ("order" for <c>\border\s+by\s+[0-9]+</c>) would fire on
    /// prose the piece never matches, and each such candidate costs a confirmation regex (a stream pays it after every
    /// delta), far more than the literal matcher saves.
    /// </summary>
    private static Set? WholePiece(List<Set?> items)
    {
        Set current = [new Literal(string.Empty, Open: false)];
        foreach (var item in items)
        {
            if (AllOpen(current))
            {
                break;
            }

            if (item is null)
            {
                return null;
            }

            if (Product(current, item, MaxLiterals) is not { } product)
            {
                return null;
            }

            current = product;
        }

        return Shortest(current) >= MinLength ? current : null;
    }

    /// <summary>The items spelled in order until one cannot be, or the product grows too large; every literal is then open.</summary>
    private static Set? Leading(List<Set?> items)
    {
        Set? current = [new Literal(string.Empty, Open: false)];
        foreach (var item in items)
        {
            if (AllOpen(current))
            {
                break;
            }

            if (item is null || Product(current, item, MaxLeadingLiterals) is not { } product)
            {
                current = Parser.Opened(current);
                break;
            }

            current = product;
        }

        return current is null || Shortest(current) == 0 ? null : current;
    }

    private static int Shortest(Set set)
    {
        var shortest = int.MaxValue;
        foreach (var literal in set)
        {
            shortest = Math.Min(shortest, literal.Text.Length);
        }

        return shortest;
    }

    private static bool AllOpen(Set set)
    {
        foreach (var literal in set)
        {
            if (!literal.Open)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every literal of <paramref name="left"/> followed by every one of <paramref name="right"/>; an open literal (its match goes on in a way it cannot spell) takes no suffix.</summary>
    private static Set? Product(Set left, Set right, int max)
    {
        var product = new Set();
        foreach (var a in left)
        {
            if (a.Open)
            {
                product.Add(a);
                continue;
            }

            foreach (var b in right)
            {
                product.Add(new Literal(a.Text + b.Text, b.Open));
                if (product.Count > max)
                {
                    return null;
                }
            }
        }

        return product;
    }

    /// <summary>The literals a part of a piece can spell; Open marks one after which the match continues unspelled.</summary>
    private readonly record struct Literal(string Text, bool Open);

    private sealed class Set : HashSet<Literal>
    {
    }

    private sealed class Parser(string s, int limit = MaxLiterals)
    {
        private int _position;

        public int Position => _position;

        /// <summary>The items of a top-level sequence, null where an item cannot be spelled.</summary>
        public List<Set?> Sequence()
        {
            var items = new List<Set?>();
            while (Position < s.Length && s[Position] is not '|' and not ')')
            {
                items.Add(Item());
            }

            if (Position < s.Length)
            {
                throw new FormatException("top-level alternation");
            }

            return items;
        }

        /// <summary>All literals of an alternation inside a group; a branch that cannot be spelled past some point contributes its spelled prefix, open.</summary>
        private Set? Alternation()
        {
            var all = new Set();
            while (true)
            {
                Set? branch = [new Literal(string.Empty, Open: false)];
                while (Position < s.Length && s[Position] is not '|' and not ')')
                {
                    var item = Item();
                    if (branch is null)
                    {
                        continue;
                    }

                    branch = item is null ? Opened(branch) : Product(branch, item, limit);
                }

                if (branch is null || all is null)
                {
                    all = null;
                }
                else
                {
                    all.UnionWith(branch);
                    if (all.Count > limit)
                    {
                        all = null;
                    }
                }

                if (Position < s.Length && s[Position] == '|')
                {
                    _position++;
                    continue;
                }

                return all;
            }
        }

        public static Set? Opened(Set set)
        {
            var opened = new Set();
            foreach (var literal in set)
            {
                // A branch with nothing spelled before the unspellable part proves nothing.
                if (literal.Text.Length == 0 && !literal.Open)
                {
                    return null;
                }

                opened.Add(literal with { Open = true });
            }

            return opened;
        }

        private Set? Item()
        {
            Set? set;
            var c = s[Position];
            switch (c)
            {
                case '(':
                    RegexSyntax.EnterGroup(s, ref _position);
                    set = Alternation();
                    RegexSyntax.LeaveGroup(s, ref _position);
                    break;
                case '[':
                    set = Class();
                    break;
                case '\\':
                    set = Escape();
                    break;
                case '.':
                    _position++;
                    set = null;
                    break;
                case '^' or '$':
                    _position++;
                    set = [new Literal(string.Empty, Open: false)];
                    break;
                case '*' or '+' or '?' or '{':
                    throw new FormatException("quantifier without an item");
                default:
                    _position++;
                    set = [new Literal(c.ToString(), Open: false)];
                    break;
            }

            return Quantified(set);
        }

        private Set? Quantified(Set? set)
        {
            var (min, max) = RegexSyntax.ReadQuantifier(s, ref _position);
            if (set is null || (min, max) == (1, 1))
            {
                return set;
            }

            if ((min, max) == (0, 1) || (min == 0 && max == RegexSyntax.Unbounded && IsWhitespace(set)))
            {
                // Optional, or a whitespace run that may be empty (one character at most in normalized text).
                return [.. set, new Literal(string.Empty, Open: false)];
            }

            if (min == 1 && max == RegexSyntax.Unbounded && IsWhitespace(set))
            {
                return set;
            }

            return min == max ? Repeat(set, min) : null;
        }

        private static Set Whitespace() => [new Literal(" ", Open: false), new Literal("\n", Open: false)];

        private static bool IsWhitespace(Set set) => set.SetEquals(Whitespace());

        private Set? Repeat(Set set, int times)
        {
            Set? result = [new Literal(string.Empty, Open: false)];
            for (var k = 0; k < times && result is not null; k++)
            {
                result = Product(result, set, limit);
            }

            return result;
        }

        private Set? Escape()
        {
            if (Position + 1 >= s.Length)
            {
                throw new FormatException("trailing backslash");
            }

            var e = s[Position + 1];
            _position += 2;
            switch (e)
            {
                case 'n':
                    return [new Literal("\n", Open: false)];
                case 't':
                    return [new Literal("\t", Open: false)];
                case 'r':
                    return [new Literal("\r", Open: false)];
                case 'b' or 'B':
                    return [new Literal(string.Empty, Open: false)];
                case 's':
                    // Normalized text holds no whitespace but single spaces and newlines.
                    return Whitespace();
                case 'x':
                    if (Position + 2 > s.Length || !int.TryParse(s.AsSpan(Position, 2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code) || code > 0x7F)
                    {
                        throw new FormatException("unsupported hex escape");
                    }

                    _position += 2;
                    return [new Literal(((char)code).ToString(), Open: false)];
                default:
                    // \w, \d, \s and the like are classes too wide to spell; anything else escaped is itself.
                    return char.IsAsciiLetterOrDigit(e) ? null : [new Literal(e.ToString(), Open: false)];
            }
        }

        /// <summary>A class of at most four plain members (<c>[\n ]</c>, <c>[sz]</c>, <c>[-_ ]</c>); null for anything wider or negated.</summary>
        private Set? Class()
        {
            _position++;
            var members = new Set();
            var spellable = true;
            if (Position < s.Length && s[Position] == '^')
            {
                spellable = false;
                _position++;
            }

            if (Position < s.Length && s[Position] == ']')
            {
                members.Add(new Literal("]", Open: false));
                _position++;
            }

            while (Position < s.Length && s[Position] != ']')
            {
                if (s[Position] == '\\' && Position + 1 < s.Length)
                {
                    var e = s[Position + 1];
                    _position += 2;
                    if (e == 's')
                    {
                        members.UnionWith(Whitespace());
                    }
                    else if (e is 'n' or 't' or 'r')
                    {
                        members.Add(new Literal(e switch { 'n' => "\n", 't' => "\t", _ => "\r" }, Open: false));
                    }
                    else if (char.IsAsciiLetterOrDigit(e))
                    {
                        spellable = false;
                    }
                    else
                    {
                        members.Add(new Literal(e.ToString(), Open: false));
                    }

                    continue;
                }

                if (Position + 2 < s.Length && s[Position + 1] == '-' && s[Position + 2] != ']')
                {
                    for (var m = s[Position]; m <= s[Position + 2] && members.Count <= 4; m++)
                    {
                        members.Add(new Literal(m.ToString(), Open: false));
                    }

                    _position += 3;
                    continue;
                }

                members.Add(new Literal(s[Position].ToString(), Open: false));
                _position++;
            }

            if (Position >= s.Length)
            {
                throw new FormatException("unclosed class");
            }

            _position++;
            return spellable && members.Count <= 4 ? members : null;
        }
    }
}
