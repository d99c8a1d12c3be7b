using System.Buffers;
using System.Text.RegularExpressions;

namespace AiSpm.Detection.Engines.Managed;

/// <summary>One rule expression for the managed engine: a .NET regex, or for literals a <see cref="SearchValues{T}"/> search.</summary>
internal sealed class ManagedPattern(int rule, ScanPhase phase, Regex? regex, string? literal, bool caseless)
{
    private readonly SearchValues<string>? _literal = literal is null ? null : SearchValues.Create([literal], caseless ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    public int Rule { get; } = rule;

    public ScanPhase Phase { get; } = phase;

    /// <summary>
    /// Adds the leftmost-first match of every match start in [<paramref name="from"/>, <paramref name="to"/>),
    /// restarting one character after each start, so overlapping matches are seen and the union agrees with
    /// Hyperscan's leftmost-start reports. The text before <paramref name="from"/> is context only.
    /// </summary>
    public void Scan(ReadOnlySpan<char> text, int from, int to, ReadOnlySpan<int> byteOffsets, MatchSink sink)
    {
        if (_literal is not null)
        {
            ScanLiteral(text, from, to, byteOffsets, sink);
            return;
        }

        var pos = from;
        while (pos < to)
        {
            var e = regex!.EnumerateMatches(text, pos);
            if (!e.MoveNext())
            {
                return;
            }

            var m = e.Current;
            if (m.Index >= to)
            {
                return;
            }

            if (m.Length > 0)
            {
                sink.Add(Rule, byteOffsets[m.Index], byteOffsets[m.Index + m.Length]);
            }

            pos = m.Index + 1;
        }
    }

    private void ScanLiteral(ReadOnlySpan<char> text, int from, int to, ReadOnlySpan<int> byteOffsets, MatchSink sink)
    {
        var len = literal!.Length;
        var pos = from;
        while (pos < to)
        {
            var i = text[pos..].IndexOfAny(_literal!);
            if (i < 0)
            {
                return;
            }

            var at = pos + i;
            if (at >= to)
            {
                return;
            }

            sink.Add(Rule, byteOffsets[at], byteOffsets[at + len]);
            pos = at + 1;
        }
    }
}
