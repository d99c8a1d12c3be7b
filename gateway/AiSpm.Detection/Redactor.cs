using System.Buffers;

namespace AiSpm.Detection;

/// <summary>
/// Replaces the span of every redactable finding (pii, secret) with <c>[REDACTED:category]</c>. Finding spans from
/// body scans lie inside one JSON string and the marker has no quote or backslash, so a redacted JSON body stays
/// valid JSON.
/// </summary>
public static class Redactor
{
    /// <summary>
    /// Writes <paramref name="body"/> with redactable findings replaced to <paramref name="output"/>; returns how many
    /// spans were replaced (overlapping findings are merged first).
    /// </summary>
    public static int Redact(ReadOnlySpan<byte> body, FindingList findings, Inspector inspector, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(inspector);
        ArgumentNullException.ThrowIfNull(output);

        var count = 0;
        var spans = ArrayPool<Finding>.Shared.Rent(Math.Max(1, findings.Count));
        try
        {
            foreach (var f in findings.AsSpan())
            {
                if ((uint)f.RuleIndex < (uint)inspector.Rules.Count && inspector.Rules[f.RuleIndex].Redactable
                    && f.Start >= 0 && f.End <= body.Length && f.End > f.Start)
                {
                    spans[count++] = f;
                }
            }

            var list = spans.AsSpan(0, count);
            list.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
            var position = 0;
            var replaced = 0;
            var i = 0;
            while (i < list.Length)
            {
                var start = list[i].Start;
                var end = list[i].End;
                var category = inspector.Rules[list[i].RuleIndex].Category;
                i++;
                while (i < list.Length && list[i].Start < end)
                {
                    end = Math.Max(end, list[i].End);
                    i++;
                }

                if (start < position)
                {
                    start = position;
                }

                output.Write(body[position..start]);
                WriteMarker(category, output);
                position = end;
                replaced++;
            }

            output.Write(body[position..]);
            return replaced;
        }
        finally
        {
            ArrayPool<Finding>.Shared.Return(spans);
        }
    }

    private static void WriteMarker(string category, IBufferWriter<byte> output)
    {
        output.Write("[REDACTED:"u8);
        var span = output.GetSpan(category.Length);
        var n = System.Text.Encoding.UTF8.GetBytes(category, span);
        output.Advance(n);
        output.Write("]"u8);
    }
}
