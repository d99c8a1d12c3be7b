using System.Globalization;
using AiSpm.Detection.Engines.Hyperscan;

namespace AiSpm.Detection.Engines.Pieces;

/// <summary>
/// What Hyperscan compiles in place of the rule patterns: their literal pieces (<see cref="PrefilterPieces"/>), each
/// distinct piece once, and for every pattern the OR-of-ANDs of pieces that must all have fired for the pattern to
/// possibly match. Hyperscan ids are piece indexes; <see cref="Resolve"/> turns fired pieces into candidate patterns after
/// a scan without allocating, so only those patterns' regexes run, not every regex of their rules.
/// </summary>
internal sealed class PieceMap
{
    private readonly int[][] _patternsByPiece;
    private readonly int[][][] _branches;
    private readonly int[] _patterns;
    private readonly int[] _localOf;

    private PieceMap(List<Piece> pieces, int[][] patternsByPiece, int[][][] branches, int[] patterns)
    {
        Pieces = pieces;
        _patternsByPiece = patternsByPiece;
        _branches = branches;
        _patterns = patterns;
        var highest = -1;
        foreach (var p in patterns)
        {
            highest = Math.Max(highest, p);
        }

        _localOf = new int[highest + 1];
        _localOf.AsSpan().Fill(-1);
        for (var i = 0; i < patterns.Length; i++)
        {
            _localOf[patterns[i]] = i;
        }
    }

    /// <summary>A map with one piece that never matches (Hyperscan refuses an empty database) and no patterns.</summary>
    public static PieceMap Never { get; } = new([new Piece(@"\xff\xfe\xff\xfe", HsNative.FlagSingleMatch, -1, null)], [[]], [], []);

    /// <summary>
    /// One Hyperscan expression: the loosened piece, its flags, and the first pattern that uses it (for errors); and for
    /// the managed engine's search (<see cref="Managed.PieceSearch"/>) ASCII literals every match of it holds
    /// (<see cref="LiteralExpansion.LeadingLiterals"/>), or null when none can be spelled.
    /// </summary>
    public readonly record struct Piece(string Expression, uint Flags, int Pattern, IReadOnlyList<string>? Literals)
    {
        public bool Caseless => (Flags & HsNative.FlagCaseless) != 0;
    }

    public IReadOnlyList<Piece> Pieces { get; }

    public int PieceCount => Pieces.Count;

    /// <summary>Splits the patterns at <paramref name="indexes"/>; fired patterns and errors carry those (absolute) indexes.</summary>
    public static PieceMap Build(IReadOnlyList<CompiledPattern> patterns, IReadOnlyList<int> indexes)
    {
        var count = indexes.Count;
        var pieces = new List<Piece>(count * 2);
        var ids = new Dictionary<(string, uint), int>();
        var users = new List<List<int>>();
        var branches = new int[count][][];
        for (var i = 0; i < count; i++)
        {
            var pattern = patterns[indexes[i]].Pattern;
            // Single-match: a piece only has to be seen once per scan (or stream), which saves a callback per repeat.
            var flags = HsNative.FlagPrefilter | HsNative.FlagSingleMatch
                | (pattern.Caseless ? HsNative.FlagCaseless : 0)
                | (pattern.DotAll ? HsNative.FlagDotAll : 0)
                | (pattern.Multiline ? HsNative.FlagMultiline : 0);
            var split = PrefilterPieces.Split(pattern.Expression);
            branches[i] = new int[split.Count][];
            for (var b = 0; b < split.Count; b++)
            {
                var branch = new int[split[b].Count];
                for (var k = 0; k < branch.Length; k++)
                {
                    var piece = PrefilterExpression.ForPiece(split[b][k]);
                    var expression = LiteralExpansion.ExpressionFor(piece) ?? piece;

                    if (!ids.TryGetValue((expression, flags), out var id))
                    {
                        id = pieces.Count;
                        ids.Add((expression, flags), id);
                        pieces.Add(new Piece(expression, flags, indexes[i], AsciiLiterals(piece)));
                        users.Add([]);
                    }

                    branch[k] = id;
                    if (!users[id].Contains(i))
                    {
                        users[id].Add(i);
                    }
                }

                branches[i][b] = branch;
            }
        }

        var byPiece = new int[users.Count][];
        for (var p = 0; p < byPiece.Length; p++)
        {
            byPiece[p] = [.. users[p]];
        }

        return new PieceMap(pieces, byPiece, branches, [.. indexes]);
    }

    // The managed engine searches transcoded text where every non-ASCII character is U+FFFD (ManagedEngine.Transcode),
    // so a literal with a non-ASCII character could never be found there: such a piece has no literals.
    private static List<string>? AsciiLiterals(string piece)
    {
        var literals = LiteralExpansion.LeadingLiterals(piece);
        if (literals is null)
        {
            return null;
        }

        foreach (var literal in literals)
        {
            if (!System.Text.Ascii.IsValid(literal))
            {
                return null;
            }
        }

        return literals;
    }

    /// <summary>Fires, in <paramref name="patterns"/> (a sink keyed by absolute pattern index), every pattern whose pieces of some branch all fired.</summary>
    public void Resolve(MatchSink pieces, MatchSink patterns)
    {
        foreach (var piece in pieces.FiredRules)
        {
            foreach (var local in _patternsByPiece[piece])
            {
                var pattern = _patterns[local];
                if (!patterns.HasFired(pattern) && Satisfied(_branches[local], pieces))
                {
                    patterns.Fire(pattern);
                }
            }
        }
    }

    private static bool Satisfied(int[][] branches, MatchSink pieces)
    {
        foreach (var branch in branches)
        {
            var all = true;
            foreach (var piece in branch)
            {
                if (!pieces.HasFired(piece))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The OR-of-ANDs of piece indexes of <paramref name="pattern"/> (absolute index), or null when it is not in this map.</summary>
    public int[][]? BranchesOf(int pattern) =>
        (uint)pattern < (uint)_localOf.Length && _localOf[pattern] is var local and >= 0 ? _branches[local] : null;

    public override string ToString() => PieceCount.ToString(CultureInfo.InvariantCulture) + " pieces";
}
