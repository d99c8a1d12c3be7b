namespace AiSpm.Detection.Engines.Pieces;

/// <summary>
/// Splits a rule pattern into the literal-bearing pieces every match of it must contain, as an OR of ANDs: for
/// <c>\b(debug|audit)\b[^.\n]*\b(show|print)\b[^.\n]*\bsystem[\n ]+prompt\b</c> the pieces are the three word groups, and
/// a text that holds all three somewhere may match. Hyperscan runs such pieces as plain literal sets at gigabytes per
/// second, where the whole pattern, with its gaps and alternations, needs an NFA that crawls; the rule's own regex still
/// decides the match and its span, so the pieces only have to be a superset.
/// </summary>
/// <remarks>
/// A piece is a maximal run of consecutive mandatory items (quantifier minimum of at least one) of a top-level branch;
/// optional items and repeated any-character gaps break runs because they sit between the pieces' positions. Pieces whose guaranteed literal length is
/// short (a lone character class, <c>@</c>) prove nothing, so a branch without a strong piece is kept whole. A pattern
/// the parser does not understand is kept whole too, which is always correct, only slower.
/// </remarks>
internal static class PrefilterPieces
{
    private const double StrongPiece = 4;
    private const double UsefulPiece = 4;
    private const double WeakPiece = 3;
    private const int MaxPiecesPerBranch = 3;

    /// <summary>One AND-list of pieces per top-level alternative; a list holding the branch itself when it has no strong piece.</summary>
    public static List<List<string>> Split(string expression)
    {
        var parser = new Parser(expression);
        List<List<Item>>? branches;
        try
        {
            branches = parser.ParseAlternation();
            if (parser.Position != expression.Length)
            {
                branches = null;
            }
        }
        catch (FormatException)
        {
            branches = null;
        }

        if (branches is null)
        {
            return [[expression]];
        }

        var result = new List<List<string>>(branches.Count);
        foreach (var branch in branches)
        {
            if (StartAlternatives(branch, expression) is { } alternatives)
            {
                // "(^|\n)(what|how)..." as "^(what|how)..." or "\n(what|how)...": the first is anchored, which Hyperscan
                // checks at offset zero only, and the second is a literal set of "\nwhat" and the like, where the
                // whole needed an automaton started on every "how" in the text.
                var rest = expression[branch[0].End..branch[^1].End];
                foreach (var alternative in alternatives)
                {
                    result.AddRange(Split(alternative + rest));
                }

                continue;
            }

            result.Add(PiecesOf(branch, expression));
        }

        return result;
    }

    /// <summary>
    /// The alternatives of a branch's leading group when one of them is the start anchor and none holds a group or a
    /// quantifier of its own, so each can lead a branch of its own; otherwise null.
    /// </summary>
    private static List<string>? StartAlternatives(List<Item> branch, string expression)
    {
        if (branch.Count < 2 || expression[branch[0].Start] != '(' || branch[0].MinRepeat != 1 || expression[branch[0].End - 1] != ')')
        {
            return null;
        }

        var body = expression[(branch[0].Start + 1)..(branch[0].End - 1)];
        if (body.StartsWith('?') || body.AsSpan().IndexOfAny("()[*+?{") >= 0)
        {
            return null;
        }

        var alternatives = new List<string>(body.Split('|'));
        return alternatives.Contains("^") && !alternatives.Exists(a => a.Length == 0 || a.EndsWith('\\')) ? alternatives : null;
    }

    private static List<string> PiecesOf(List<Item> branch, string expression)
    {
        var chunks = new List<(string Text, double Score, bool Rare, bool Common)>();
        var run = new List<Item>();
        foreach (var item in branch)
        {
            // A repeated any-character gap ("[^\n]{8,200}") is mandatory but proves nothing, and inside a piece it makes
            // Hyperscan carry a bounded repeat from every place the piece could start: it splits pieces like an
            // optional item does.
            // Optional whitespace between two mandatory items ("exec" and "(" in "exec\s*\(") stays inside the piece:
            // in normalized text it is at most one space or newline, so the piece can still be spelled out, and
            // "exec(" is far rarer than "exec" alone ("execute").
            if ((item.MinRepeat == 0 && !IsOptionalSpace(item, expression)) || item.Gap)
            {
                Close();
                continue;
            }

            run.Add(item);
        }

        Close();

        if (!chunks.Exists(c => c.Score >= StrongPiece))
        {
            // Two or three short pieces that must all be seen ("\n(how|why)" and "\n(hi|dear)") prove as much as one
            // long one, and each is still a literal set where the whole branch would be an automaton.
            var weak = chunks.FindAll(c => c.Score >= WeakPiece);
            weak.Sort((a, b) => b.Score.CompareTo(a.Score));
            var together = 0.0;
            for (var i = 0; i < weak.Count && i < MaxPiecesPerBranch; i++)
            {
                together += weak[i].Score;
            }

            if (weak.Count < 2 || together < 2 * WeakPiece)
            {
                return [BranchText(WithoutBroadLead(branch, expression), expression)];
            }

            return weak.GetRange(0, Math.Min(weak.Count, MaxPiecesPerBranch)).ConvertAll(c => c.Text);
        }

        // Weaker pieces (a '|' or "://") still narrow the AND at almost no cost once a strong one anchors it. Pieces
        // made of words prose is full of (" with", "has no") do not: Hyperscan's literal matcher finds them every few
        // dozen bytes, and each one found costs a confirmation, so they go when a piece of other words anchors the AND.
        var anchored = chunks.Exists(c => c.Score >= StrongPiece && !c.Common);
        var useful = chunks.FindAll(c => (c.Score >= UsefulPiece || c.Rare) && !(anchored && c.Common));
        useful.Sort((a, b) => b.Score.CompareTo(a.Score));
        var pieces = new List<string>(Math.Min(useful.Count, MaxPiecesPerBranch));
        for (var i = 0; i < useful.Count && i < MaxPiecesPerBranch; i++)
        {
            pieces.Add(useful[i].Text);
        }

        return pieces;

        void Close()
        {
            // Optional whitespace only belongs between mandatory items, never at a piece's ends.
            while (run.Count > 0 && run[^1].MinRepeat == 0)
            {
                run.RemoveAt(run.Count - 1);
            }

            while (run.Count > 0 && run[0].MinRepeat == 0)
            {
                run.RemoveAt(0);
            }

            if (run.Count > 0)
            {
                var kept = SpelledPart(WithoutCommonLead(run), expression);
                // A piece anchored at the start is tried at offset zero only: as cheap as a rare character, and as
                // narrowing ("^(hi|dear)" for a rule about a greeting line).
                var anchoredAtStart = expression[kept[0].Start] == '^';
                var text = expression[kept[0].Start..kept[^1].End];
                chunks.Add((text, Score(kept), anchoredAtStart || kept.Exists(i => i.Rare), IsCommonText(text)));
            }

            run.Clear();
        }
    }

    /// <summary>
    /// True when every word a piece spells is in <see cref="CommonWords"/> (escapes such as <c>\n</c> and <c>\b</c> are
    /// not words), or, for a piece Hyperscan runs as a literal set, when any one of its literals is: the set fires as
    /// often as its most frequent member, so a verb list holding "list" or "type" is as common as those words.
    /// </summary>
    private static bool IsCommonText(string piece)
    {
        if (IsCommonWords(piece))
        {
            return true;
        }

        var literals = LiteralExpansion.Literals(piece);
        return literals is not null && literals.Exists(IsCommonWords);
    }

    /// <summary>
    /// A literal of one or two words prose is full of ("the above", "say the"): found every few hundred bytes, each
    /// time a confirmation, where the automaton it would replace costs less. Three such words in a row ("print the
    /// above") are rare enough.
    /// </summary>
    private static bool IsFrequentPhrase(string literal) => CommonWordCount(literal) is > 0 and < 3;

    private static bool IsCommonWords(string piece) => CommonWordCount(piece) > 0;

    /// <summary>How many words <paramref name="piece"/> spells when every one is in <see cref="CommonWords"/>; 0 when one is not, or it spells none.</summary>
    private static int CommonWordCount(string piece)
    {
        var words = 0;
        var i = 0;
        while (i < piece.Length)
        {
            if (piece[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (!char.IsAsciiLetter(piece[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < piece.Length && char.IsAsciiLetter(piece[i]))
            {
                i++;
            }

            if (!CommonWords.Contains(piece[start..i]))
            {
                return 0;
            }

            words++;
        }

        return words;
    }

    private static bool IsOptionalSpace(Item item, string expression) =>
        expression.AsSpan(item.Start, item.End - item.Start) is @"[\s]*" or @"\s*" or @"[\n ]*" or @"[\n ]?" or @"[\s]?" or @"\s?" or " ?" or "[ \n]*";

    private static double Score(List<Item> items)
    {
        var sum = 0.0;
        foreach (var item in items)
        {
            sum += item.Score;
        }

        return sum;
    }

    /// <summary>
    /// A piece that opens with words prose is full of, <c>(your|the)[\n ](code|solution)</c>, keeps Hyperscan's literal
    /// matcher confirming "the " every few dozen bytes; what follows them is just as mandatory and far rarer. The lead
    /// goes only when a strong piece remains.
    /// </summary>
    private static List<Item> WithoutCommonLead(List<Item> run)
    {
        var first = 0;
        var dropsWord = false;
        while (first < run.Count && (run[first].Common || run[first].ZeroWidth || (first > 0 && run[first].Separator && run[first - 1].Common)))
        {
            dropsWord |= run[first].Common;
            first++;
        }

        if (!dropsWord || first == run.Count)
        {
            return [.. run];
        }

        var rest = run.GetRange(first, run.Count - first);
        return Score(rest) >= StrongPiece ? rest : [.. run];
    }

    /// <summary>
    /// A run whose literals are too many to spell (<c>(can|will|could)[\n ](generate|create|write)[\n ](anything|any)</c>
    /// and its thousands of products) is left for Hyperscan to compile as an automaton, which costs it more than all
    /// the spelled pieces together; the part of the run with the most guaranteed bytes that can be spelled is just as
    /// mandatory, and a literal set. The whole run stays when no part is strong enough to anchor on.
    /// </summary>
    private static List<Item> SpelledPart(List<Item> run, string expression)
    {
        if (run.Count < 3 || expression[run[0].Start] == '^' || LiteralExpansion.Literals(expression[run[0].Start..run[^1].End]) is not null)
        {
            return run;
        }

        var bestScore = StrongPiece - 0.5;
        int bestFirst = -1, bestLast = -1;
        for (var a = 0; a < run.Count; a++)
        {
            if (!IsPieceEnd(run[a]))
            {
                continue;
            }

            for (var b = run.Count - 1; b >= a; b--)
            {
                if (!IsPieceEnd(run[b]) || (a == 0 && b == run.Count - 1))
                {
                    continue;
                }

                var score = Score(run.GetRange(a, b - a + 1));
                if (score <= bestScore)
                {
                    continue;
                }

                var text = expression[run[a].Start..run[b].End];
                if (LiteralExpansion.Literals(text) is not { } literals || literals.Exists(IsFrequentPhrase))
                {
                    continue;
                }

                bestScore = score;
                bestFirst = a;
                bestLast = b;
            }
        }

        if (bestFirst < 0)
        {
            return run;
        }

        // A word boundary next to the part stays with it: "drop" must not fire on "dropped".
        while (bestFirst > 0 && run[bestFirst - 1].ZeroWidth)
        {
            bestFirst--;
        }

        while (bestLast < run.Count - 1 && run[bestLast + 1].ZeroWidth)
        {
            bestLast++;
        }

        return run.GetRange(bestFirst, bestLast - bestFirst + 1);

        static bool IsPieceEnd(Item item) => item.MinRepeat > 0 && !item.Separator && !item.ZeroWidth;
    }

    /// <summary>
    /// A branch that must stay whole still need not start with what matches almost everywhere: any match of
    /// <c>\b[A-Za-z]{2,}[_-]...</c> contains a match of <c>[_-]...</c>, and Hyperscan can skip ahead to a <c>_</c> or
    /// <c>-</c> where a leading letter class keeps its automaton busy on every byte of prose (half the request
    /// database's time on 128 KB before this).
    /// </summary>
    private static List<Item> WithoutBroadLead(List<Item> branch, string expression)
    {
        var first = 0;
        while (first < branch.Count && (branch[first].Broad || (branch[first].ZeroWidth && expression[branch[first].Start] != '^')))
        {
            first++;
        }

        // Nothing narrow left to anchor on: the whole branch is as good as any part of it. A start anchor stays: Hyperscan
        // tries an anchored branch at offset zero only, which is cheaper than anything after it.
        return first == 0 || first == branch.Count ? branch : branch.GetRange(first, branch.Count - first);
    }

    private static string BranchText(List<Item> branch, string expression) =>
        branch.Count == 0 ? string.Empty : expression[branch[0].Start..branch[^1].End];

    /// <summary>One regex item with its quantifier: source range, minimum repeat, and a lower bound on the literal bytes it guarantees.</summary>
    private readonly record struct Item(int Start, int End, int MinRepeat, double Score, bool Rare = false, bool Broad = false, bool ZeroWidth = false, bool Common = false, bool Separator = false, bool Gap = false);

    // Words that open or make up pieces in the shipped packs and occur every few dozen bytes of English.
    private static readonly HashSet<string> CommonWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "your", "my", "our", "their", "its", "his", "her", "this", "that", "these", "those", "to", "of", "in", "into",
        "on", "at", "for", "with", "within", "by", "from", "and", "or", "is", "are", "was", "be", "it", "you", "i", "we", "me", "all", "any",
        "as", "using", "throughout", "has", "have", "had", "no", "not", "will", "be", "been", "can", "do", "does", "did", "so",
        "if", "then", "than", "there", "also", "just", "only", "more", "most", "some", "such", "other", "out", "up", "about",
        "over", "after", "before", "new", "one", "them", "they", "he", "she", "him", "us", "were", "am", "would", "should",
        "could", "may", "might", "must", "very", "each", "every", "both", "here", "now", "but",
        "above", "below", "following", "list", "type", "show", "display", "print", "copy", "write", "read", "put", "give",
        "tell", "state", "return", "provide", "include", "format", "detail", "share", "send", "what", "how", "when", "where",
        "which", "who", "why", "make", "use", "find", "name", "plan",
    };

    // Literal characters ordinary prose almost never contains: a piece made of one of them is cheap for Hyperscan to
    // look for (it rarely occurs) and narrows a pattern like "| whoami" that "shipping" would otherwise satisfy.
    private static bool IsRare(char c) => c is '|' or '<' or '>' or '{' or '}' or '[' or ']' or '\\' or '$' or '`' or '=' or '@' or '#' or '^' or '~' or '*' or '&' or '_';

    private sealed class Parser(string s)
    {
        private int _position;

        public int Position => _position;

        public List<List<Item>> ParseAlternation()
        {
            var branches = new List<List<Item>> { ParseSequence() };
            while (Position < s.Length && s[Position] == '|')
            {
                _position++;
                branches.Add(ParseSequence());
            }

            return branches;
        }

        private List<Item> ParseSequence()
        {
            var items = new List<Item>();
            while (Position < s.Length && s[Position] is not '|' and not ')')
            {
                items.Add(ParseItem());
            }

            return items;
        }

        private Item ParseItem()
        {
            var start = Position;
            double score;
            var rare = false;
            var broad = false;
            var zeroWidth = false;
            var common = false;
            var separator = false;
            var c = s[Position];
            switch (c)
            {
                case '(':
                    // Only plain non-capturing groups; inline flags or anything else keep the pattern whole.
                    RegexSyntax.EnterGroup(s, ref _position);
                    var branches = ParseAlternation();
                    RegexSyntax.LeaveGroup(s, ref _position);
                    score = double.MaxValue;
                    common = branches.TrueForAll(IsCommonWord);
                    foreach (var branch in branches)
                    {
                        var sum = 0.0;
                        foreach (var item in branch)
                        {
                            sum += item.MinRepeat > 0 ? item.Score : 0;
                        }

                        score = Math.Min(score, sum);
                    }

                    break;
                case '[':
                    broad = SkipClass();
                    score = 0;
                    separator = s.AsSpan(start, Position - start) is @"[\n ]" or @"[ \n]" or @"[\s]";
                    break;
                case '\\':
                    if (Position + 1 >= s.Length)
                    {
                        throw new FormatException("trailing backslash");
                    }

                    var e = s[Position + 1];
                    _position += 2;
                    if (e == 'x')
                    {
                        _position += 2;
                        score = 1;
                    }
                    else
                    {
                        // \t, \r and punctuation are one literal byte each, as good a piece byte as any letter; a
                        // newline is rarer than any letter in prose, so "\n(hi|dear)" is as narrow as a four-letter word.
                        score = e == 'n' ? 2 : e is 't' or 'r' || !char.IsLetterOrDigit(e) ? 1 : 0;
                        rare = IsRare(e);
                        broad = e is 'w' or 'W' or 'S' or 'D' or 's';
                        zeroWidth = e is 'b' or 'B';
                    }

                    break;
                case '.' or '^' or '$':
                    _position++;
                    score = 0;
                    broad = c == '.';
                    zeroWidth = c != '.';
                    break;
                case '*' or '+' or '?' or '{':
                    throw new FormatException("quantifier without an item");
                default:
                    _position++;
                    score = c == ' ' ? 0.5 : 1;
                    separator = c == ' ';
                    rare = IsRare(c);
                    break;
            }

            var anyChar = c == '.' || (c == '[' && s[start + 1] == '^');
            var quantifierStart = Position;
            var min = ParseQuantifier();
            var gap = anyChar && Position > quantifierStart;
            return new Item(start, Position, min, min == 0 ? 0 : score * Math.Min(min, 4), min > 0 && rare, broad, zeroWidth, common && min == 1, separator, gap);
        }

        private int ParseQuantifier() => RegexSyntax.ReadQuantifier(s, ref _position).Min;

        /// <summary>A branch that is nothing but the letters of a word from <see cref="CommonWords"/>.</summary>
        private bool IsCommonWord(List<Item> branch)
        {
            if (branch.Count == 0)
            {
                return false;
            }

            foreach (var item in branch)
            {
                if (item.End - item.Start != 1 || item.MinRepeat != 1 || !char.IsAsciiLetter(s[item.Start]))
                {
                    return false;
                }
            }

            return CommonWords.Contains(s[branch[0].Start..branch[^1].End]);
        }

        /// <summary>Skips a character class; true when it is broad: negated, or holding a letter range or a shorthand like <c>\w</c>.</summary>
        private bool SkipClass()
        {
            _position++;
            var broad = false;
            if (Position < s.Length && s[Position] == '^')
            {
                broad = true;
                _position++;
            }

            if (Position < s.Length && s[Position] == ']')
            {
                _position++;
            }

            while (Position < s.Length && s[Position] != ']')
            {
                if (s[Position] == '\\')
                {
                    broad |= Position + 1 < s.Length && s[Position + 1] is 'w' or 'W' or 'S' or 'D' or 's';
                    _position += 2;
                    continue;
                }

                // A range of ten or more letters (a-z, A-Z, a-p) matches prose almost anywhere; a-f or 0-9 does not.
                if (Position + 2 < s.Length && s[Position + 1] == '-' && s[Position + 2] != ']' && char.IsLetter(s[Position]))
                {
                    broad |= s[Position + 2] - s[Position] >= 9;
                    _position += 3;
                    continue;
                }

                _position++;
            }

            if (Position >= s.Length)
            {
                throw new FormatException("unclosed class");
            }

            _position++;
            return broad;
        }
    }
}
