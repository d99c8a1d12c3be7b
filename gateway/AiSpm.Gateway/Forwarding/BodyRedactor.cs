using System.Text;
using AiSpm.Detection;

namespace AiSpm.Gateway.Forwarding;

/// <summary>
/// Replaces redactable spans with a marker and keeps everything else byte for byte. Detection reports body spans
/// that lie inside one JSON string and on escape boundaries, so the result stays valid JSON.
/// </summary>
internal static class BodyRedactor
{
    public static PooledBody Redact(ReadOnlySpan<byte> body, FindingList findings, Inspector inspector)
    {
        // Findings arrive in scan order; redact in offset order and merge overlaps.
        Span<(int Start, int End, int Rule)> spans = findings.Count <= 32 ? stackalloc (int, int, int)[findings.Count] : new (int, int, int)[findings.Count];
        var count = 0;
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            if (inspector.Rules[f.RuleIndex].Redactable && f.Start >= 0 && f.End <= body.Length && f.End > f.Start)
            {
                spans[count++] = (f.Start, f.End, f.RuleIndex);
            }
        }

        spans = spans[..count];
        spans.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var output = new PooledBody(body.Length + 64);
        var position = 0;
        foreach (var (start, end, rule) in spans)
        {
            if (end <= position)
            {
                continue;
            }

            var from = Math.Max(start, position);
            output.Append(body[position..from]);
            output.Append("[REDACTED:"u8);
            output.Append(Encoding.UTF8.GetBytes(inspector.Rules[rule].Category));
            output.Append("]"u8);
            position = end;
        }

        output.Append(body[position..]);
        return output;
    }
}
