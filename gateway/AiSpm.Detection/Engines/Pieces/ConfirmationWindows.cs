using System.Buffers;

namespace AiSpm.Detection.Engines.Pieces;

/// <summary>
/// For each candidate pattern, the stretches of text its regex has to run over. Every match of a pattern holds an
/// occurrence of each piece of the branch it matches by, so it lies near one of the reports of that branch's least
/// reported piece. How near: a pattern with barrier bytes (<see cref="MatchAlphabet"/>) cannot match across one, and a
/// pattern of bounded width (<see cref="MatchWidth"/>) cannot start further back than its width. The rest of a long
/// text is never run: on 128 KB of real prose a sentence pattern such as <c>\b(print|show)\b[^.?!\n]*\bsystem prompt</c>
/// otherwise retries its gap after every "show" and "print" in the text.
/// </summary>
/// <remarks>
/// A window lets matches start in [<see cref="Window.Start"/>, <see cref="Window.Stop"/>) and lets the regex read the
/// whole text before it (left context for <c>\b</c> and <c>^</c>) and up to one character past
/// <see cref="Window.End"/>. No attempt from an allowed start can reach further: a barrier ends every attempt, and a
/// bounded pattern reads at most its width plus one character. So the regex finds the same matches as over the whole
/// text. A pattern with neither bound, or a scan whose reports overflowed, gets the whole text.
/// </remarks>
internal sealed class ConfirmationWindows
{
    private Window[] _items = new Window[64];

    public ReadOnlySpan<Window> Items => _items.AsSpan(0, Count);

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    /// <summary>Adds the windows of <paramref name="pattern"/> (absolute index), a candidate of <paramref name="map"/>.</summary>
    /// <param name="barriers">Barrier bytes, or null.</param>
    /// <param name="crossings">How many barrier bytes one match can hold (0: none).</param>
    /// <param name="width">Longest match in bytes, or <see cref="MatchWidth.Unbounded"/>.</param>
    public void Add(ReadOnlySpan<byte> text, int pattern, PieceMap map, PieceHits hits, SearchValues<byte>? barriers, int crossings, int width)
    {
        var branches = map.BranchesOf(pattern);
        if ((barriers is null && width == MatchWidth.Unbounded) || hits.Overflowed || branches is null)
        {
            Append(new Window(pattern, 0, text.Length, text.Length));
            return;
        }

        var first = Count;
        foreach (var branch in branches)
        {
            var anchor = -1;
            var fewest = int.MaxValue;
            foreach (var piece in branch)
            {
                var count = hits.CountOf(piece);
                if (count < fewest && !hits.IsPositionless(piece))
                {
                    fewest = count;
                    anchor = piece;
                }
            }

            if (anchor < 0)
            {
                // No piece of the branch has positions: it can match anywhere.
                Count = first;
                Append(new Window(pattern, 0, text.Length, text.Length));
                return;
            }

            // A branch with a piece that never fired cannot match.
            if (fewest > 0)
            {
                AddAround(text, pattern, hits.EndsOf(anchor), barriers, crossings, width);
            }
        }

        if (Count - first > 1)
        {
            Merge(first);
        }
    }

    // One window per report end: the end of an occurrence whose last byte, end - 1, is inside any match the
    // occurrence is part of. Ends arrive in ascending order, and a window folds into the one before when their start
    // ranges meet.
    private void AddAround(ReadOnlySpan<byte> text, int pattern, ReadOnlySpan<int> ends, SearchValues<byte>? barriers, int crossings, int width)
    {
        var open = -1;
        foreach (var end in ends)
        {
            if (open >= 0 && barriers is not null && crossings == 0 && width == MatchWidth.Unbounded && end <= _items[open].Stop)
            {
                // Same barrier-free stretch as the window before: nothing new, and no search back through it again.
                continue;
            }

            int start = 0, stop = text.Length, last = text.Length;
            if (width != MatchWidth.Unbounded)
            {
                // A match holding byte end - 1 starts after end - width; one more start covers a zero-width piece
                // (a '^' reported at 0) whose match begins at end.
                start = Math.Max(0, end - width);
                stop = Math.Min(text.Length, end + 1);
                last = Math.Min(text.Length, end + width);
            }

            if (barriers is not null)
            {
                // A match holding byte end - 1 and at most `crossings` barriers starts after the barrier before that
                // many, and stops before the one after that many.
                var back = end;
                for (var k = 0; k <= crossings && back > start; k++)
                {
                    var at = text[start..back].LastIndexOfAny(barriers);
                    if (at < 0)
                    {
                        break;
                    }

                    back = start + at;
                    if (k == crossings)
                    {
                        start = back + 1;
                    }
                }

                var ahead = end;
                for (var k = 0; k <= crossings && ahead < last; k++)
                {
                    var at = text[ahead..last].IndexOfAny(barriers);
                    if (at < 0)
                    {
                        break;
                    }

                    if (k == crossings)
                    {
                        last = ahead + at;
                        break;
                    }

                    ahead += at + 1;
                }

                stop = Math.Min(stop, last);
            }

            if (open >= 0 && start <= _items[open].Stop)
            {
                ref var w = ref _items[open];
                w = w with { Stop = Math.Max(w.Stop, stop), End = Math.Max(w.End, last) };
                continue;
            }

            open = Count;
            Append(new Window(pattern, start, stop, last));
        }
    }

    // Windows of one pattern from several anchors: sort by start and fold those whose start ranges meet.
    private void Merge(int first)
    {
        var span = _items.AsSpan(first, Count - first);
        span.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var w = 0;
        for (var r = 1; r < span.Length; r++)
        {
            if (span[r].Start <= span[w].Stop)
            {
                span[w] = span[w] with { Stop = Math.Max(span[w].Stop, span[r].Stop), End = Math.Max(span[w].End, span[r].End) };
            }
            else
            {
                span[++w] = span[r];
            }
        }

        Count = first + w + 1;
    }

    private void Append(Window window)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = window;
    }

    /// <summary>
    /// Byte offsets into the normalized text: <see cref="Pattern"/>'s matches may start in [<see cref="Start"/>,
    /// <see cref="Stop"/>) and the regex reads up to <see cref="End"/> and one character more.
    /// </summary>
    public readonly record struct Window(int Pattern, int Start, int Stop, int End);
}
