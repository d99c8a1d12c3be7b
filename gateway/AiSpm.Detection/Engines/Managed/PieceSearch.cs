using System.Buffers;
using AiSpm.Detection.Engines.Pieces;

namespace AiSpm.Detection.Engines.Managed;

/// <summary>
/// The managed engine's stand-in for a Hyperscan piece database: every occurrence of every literal of the pieces of one
/// <see cref="PieceMap"/>, with its end, so the managed engine confirms only around pieces as the Hyperscan engine does
/// (<see cref="ConfirmationWindows"/>). One <see cref="SearchValues{T}"/> search (the runtime's multi-string matcher)
/// finds where some literal starts, and a trie walk from there finds which ones. A piece with no literals (a regex
/// piece, one anchored at the text's start) counts as seen on every text and has no positions, so windows never anchor
/// on it: a pattern whose branch has only such pieces runs over the whole text, as every pattern did before.
/// </summary>
/// <remarks>
/// The search may fire more than Hyperscan would (word boundaries around literals are not checked), never less: the
/// literals are contained in every match of their piece, and a candidate only costs a regex over its windows.
/// </remarks>
internal sealed class PieceSearch
{
    private const int Root = 0;

    private readonly SearchValues<string>? _starts;
    private readonly int[] _rootChildren;
    private readonly int[] _edgeFirst;
    private readonly int[] _edgeCount;
    private readonly char[] _edgeChars;
    private readonly int[] _edgeTargets;
    private readonly int[] _terminalFirst;
    private readonly int[] _terminalCount;
    private readonly Terminal[] _terminals;
    private readonly int[] _positionlessPieces;
    private readonly bool[] _positionless;

    public PieceSearch(PieceMap map)
    {
        PieceCount = map.PieceCount;
        _positionless = new bool[PieceCount];
        var positionless = new List<int>();
        var trie = new Node();
        var distinct = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var piece = 0; piece < PieceCount; piece++)
        {
            var p = map.Pieces[piece];
            if (p.Literals is null)
            {
                _positionless[piece] = true;
                positionless.Add(piece);
                continue;
            }

            foreach (var literal in p.Literals)
            {
                distinct.Add(literal);
                var node = trie;
                foreach (var c in literal)
                {
                    node = node.Child(Fold(c));
                }

                node.AddTerminal(new Terminal(piece, p.Caseless ? null : literal));
            }
        }

        _positionlessPieces = [.. positionless];
        _starts = distinct.Count == 0 ? null : SearchValues.Create([.. distinct], StringComparison.OrdinalIgnoreCase);

        // Flatten breadth-first: node i's edges are contiguous and sorted by character, its terminals contiguous.
        var nodes = new List<Node> { trie };
        for (var i = 0; i < nodes.Count; i++)
        {
            nodes[i].Index = i;
            foreach (var (_, child) in nodes[i].Children)
            {
                nodes.Add(child);
            }
        }

        _edgeFirst = new int[nodes.Count];
        _edgeCount = new int[nodes.Count];
        _terminalFirst = new int[nodes.Count];
        _terminalCount = new int[nodes.Count];
        var edgeChars = new List<char>();
        var edgeTargets = new List<int>();
        var terminals = new List<Terminal>();
        foreach (var node in nodes)
        {
            _edgeFirst[node.Index] = edgeChars.Count;
            _edgeCount[node.Index] = node.Children.Count;
            foreach (var (c, child) in node.Children)
            {
                edgeChars.Add(c);
                edgeTargets.Add(child.Index);
            }

            _terminalFirst[node.Index] = terminals.Count;
            _terminalCount[node.Index] = node.Terminals.Count;
            terminals.AddRange(node.Terminals);
        }

        _edgeChars = [.. edgeChars];
        _edgeTargets = [.. edgeTargets];
        _terminals = [.. terminals];

        // The root has an edge for most ASCII characters; a direct table saves the search on every start.
        _rootChildren = new int[128];
        _rootChildren.AsSpan().Fill(-1);
        for (var e = 0; e < _edgeCount[Root]; e++)
        {
            _rootChildren[_edgeChars[e]] = _edgeTargets[e];
        }
    }

    public int PieceCount { get; }

    /// <summary>
    /// Records in <paramref name="hits"/> the piece and end (a byte offset through <paramref name="byteOffsets"/>) of
    /// every literal occurrence in <paramref name="text"/>, and fires in <paramref name="pieces"/> every piece seen,
    /// positionless ones included.
    /// </summary>
    public void Find(ReadOnlySpan<char> text, ReadOnlySpan<int> byteOffsets, PieceHits hits, MatchSink pieces)
    {
        pieces.Reset(PieceCount);
        hits.Prepare(byteOffsets[text.Length], _positionless);
        foreach (var piece in _positionlessPieces)
        {
            pieces.Fire(piece);
        }

        var found = hits.PieceBuffer;
        var ends = hits.EndBuffer;
        var capacity = hits.Capacity;
        var reported = 0;
        var pos = 0;
        while (_starts is not null && pos < text.Length)
        {
            var i = text[pos..].IndexOfAny(_starts);
            if (i < 0)
            {
                break;
            }

            var at = pos + i;
            var node = Root;
            for (var k = at; k < text.Length; k++)
            {
                node = Next(node, text[k]);
                if (node < 0)
                {
                    break;
                }

                foreach (var t in _terminals.AsSpan(_terminalFirst[node], _terminalCount[node]))
                {
                    if (t.Exact is not null && !text.Slice(at, t.Exact.Length).SequenceEqual(t.Exact))
                    {
                        continue;
                    }

                    if (reported < capacity)
                    {
                        found[reported] = t.Piece;
                        ends[reported] = byteOffsets[k + 1];
                    }
                    else
                    {
                        // Past the buffer the positions are lost (windows give way to the whole text), not the piece.
                        pieces.Fire(t.Piece);
                    }

                    reported++;
                }
            }

            pos = at + 1;
        }

        // Hyperscan reports in end order and windows rely on it; the search found them in start order.
        var kept = Math.Min(reported, capacity);
        ends.AsSpan(0, kept).Sort(found.AsSpan(0, kept));
        hits.Complete(reported, PieceCount);
        foreach (var piece in found.AsSpan(0, hits.Count))
        {
            pieces.Fire(piece);
        }
    }

    private int Next(int node, char c)
    {
        c = Fold(c);
        if (node == Root)
        {
            return c < 128 ? _rootChildren[c] : -1;
        }

        var first = _edgeFirst[node];
        foreach (var e in _edgeChars.AsSpan(first, _edgeCount[node]))
        {
            if (e == c)
            {
                return _edgeTargets[first];
            }

            first++;
        }

        return -1;
    }

    // ASCII case folding only: the literals are ASCII, and every other character of the text is U+FFFD.
    private static char Fold(char c) => char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;

    /// <summary>A literal ending at a trie node: its piece, and the literal itself when case matters.</summary>
    private readonly record struct Terminal(int Piece, string? Exact);

    // Tens of thousands of literals make about a million nodes, most with one child: a short list each, searched
    // linearly and sorted when flattened, where a dictionary per node cost most of a second to build.
    private sealed class Node
    {
        private List<(char Char, Node Node)>? _children;
        private List<Terminal>? _terminals;

        public IReadOnlyList<(char Char, Node Node)> Children => _children ?? [];

        public IReadOnlyList<Terminal> Terminals => _terminals ?? [];

        public int Index { get; set; }

        public void AddTerminal(Terminal terminal) => (_terminals ??= []).Add(terminal);

        public Node Child(char c)
        {
            _children ??= [];
            foreach (var (ch, node) in _children)
            {
                if (ch == c)
                {
                    return node;
                }
            }

            var child = new Node();
            _children.Add((c, child));
            _children.Sort(static (a, b) => a.Char.CompareTo(b.Char));
            return child;
        }
    }
}
