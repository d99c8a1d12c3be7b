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
    /// Adds every match start's leftmost-first match, restarting one character after each start, so overlapping
    /// matches are seen and the union agrees with Hyperscan's leftmost-start reports.
    /// </summary>
    public void Scan(ReadOnlySpan<char> text, ReadOnlySpan<int> byteOffsets, MatchSink sink)
    {
        if (_literal is not null)
        {
            ScanLiteral(text, byteOffsets, sink);
            return;
        }

        var pos = 0;
        while (pos < text.Length)
        {
            var e = regex!.EnumerateMatches(text, pos);
            if (!e.MoveNext())
            {
                return;
            }

            var m = e.Current;
            if (m.Length > 0)
            {
                sink.Add(Rule, byteOffsets[m.Index], byteOffsets[m.Index + m.Length]);
            }

            pos = m.Index + 1;
        }
    }

    private void ScanLiteral(ReadOnlySpan<char> text, ReadOnlySpan<int> byteOffsets, MatchSink sink)
    {
        var len = literal!.Length;
        var pos = 0;
        while (pos < text.Length)
        {
            var i = text[pos..].IndexOfAny(_literal!);
            if (i < 0)
            {
                return;
            }

            var at = pos + i;
            sink.Add(Rule, byteOffsets[at], byteOffsets[at + len]);
            pos = at + 1;
        }
    }
}
