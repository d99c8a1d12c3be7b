using System.Buffers;
using System.Text;

namespace AiSpm.Detection.Normalization;

/// <summary>
/// Decodes HTML character references (<c>&amp;#106;</c>, <c>&amp;#x6A;</c>, <c>&amp;colon;</c>) and percent escapes
/// (<c>%3C</c>) across a whole normalized segment, appending the decoded text when anything changed. Each decoded
/// byte keeps the source range of the bytes it came from, so spans in the decoded copy map back precisely.
/// </summary>
internal static class MarkupDecoder
{
    public static void AppendDecoded(NormalizedText text, int segmentStart, int segmentEnd)
    {
        var segment = text.Bytes[segmentStart..segmentEnd];
        if (!HasReference(segment))
        {
            return;
        }

        var n = segment.Length;
        var bytes = ArrayPool<byte>.Shared.Rent(n * 3);
        var from = ArrayPool<int>.Shared.Rent(n * 3);
        var to = ArrayPool<int>.Shared.Rent(n * 3);
        try
        {
            var count = 0;
            var changed = false;
            var i = 0;
            Span<byte> utf8 = stackalloc byte[4];
            while (i < n)
            {
                var b = segment[i];
                var consumed = 0;
                var cp = -1;
                if (b == (byte)'%' && i + 2 < n && Normalizer.HexValue(segment[i + 1]) >= 0 && Normalizer.HexValue(segment[i + 2]) >= 0)
                {
                    var value = (Normalizer.HexValue(segment[i + 1]) << 4) | Normalizer.HexValue(segment[i + 2]);
                    bytes[count] = (byte)value;
                    from[count] = i;
                    to[count] = i + 3;
                    count++;
                    i += 3;
                    changed = true;
                    continue;
                }

                if (b == (byte)'&')
                {
                    cp = TryEntity(segment[i..], out consumed);
                }

                if (cp >= 0)
                {
                    var len = new Rune(cp is > 0x10FFFF or (>= 0xD800 and <= 0xDFFF) ? 0xFFFD : cp).EncodeToUtf8(utf8);
                    for (var k = 0; k < len; k++)
                    {
                        bytes[count] = utf8[k];
                        from[count] = i;
                        to[count] = i + consumed;
                        count++;
                    }

                    i += consumed;
                    changed = true;
                    continue;
                }

                bytes[count] = b;
                from[count] = i;
                to[count] = i + 1;
                count++;
                i++;
            }

            if (!changed)
            {
                return;
            }

            var (ss, se) = text.MapToSource(segmentStart, segmentEnd);
            var state = Normalizer.StartLine(ss, se, text);
            var p = 0;
            while (p < count)
            {
                Rune.DecodeFromUtf8(bytes.AsSpan(p, count - p), out var rune, out var used);
                used = Math.Max(1, used);
                var s = text.SourceRangeAt(segmentStart + from[p]).Start;
                var e = text.SourceRangeAt(segmentStart + to[p + used - 1] - 1).End;
                Normalizer.EmitCodePoint(rune.Value, s, e, text, ref state);
                p += used;
            }

        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<int>.Shared.Return(from);
            ArrayPool<int>.Shared.Return(to);
        }
    }

    // Most texts have no '&' or '%' at all, and most that do ("3%", "R&D") have nothing to decode.
    private static bool HasReference(ReadOnlySpan<byte> segment)
    {
        var i = segment.IndexOfAny((byte)'&', (byte)'%');
        while (i >= 0)
        {
            var rest = segment[i..];
            if (rest[0] == (byte)'%'
                ? rest.Length > 2 && Normalizer.HexValue(rest[1]) >= 0 && Normalizer.HexValue(rest[2]) >= 0
                : TryEntity(rest, out _) >= 0)
            {
                return true;
            }

            var next = rest[1..].IndexOfAny((byte)'&', (byte)'%');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return false;
    }

    // Returns the code point of a character reference at the start of s, or -1.
    private static int TryEntity(ReadOnlySpan<byte> s, out int consumed)
    {
        consumed = 0;
        if (s.Length < 3)
        {
            return -1;
        }

        if (s[1] == (byte)'#')
        {
            var hex = s.Length > 2 && (s[2] | 0x20) == (byte)'x';
            var i = hex ? 3 : 2;
            var value = 0;
            var digits = 0;
            while (i < s.Length && digits < 8)
            {
                var d = hex ? Normalizer.HexValue(s[i]) : s[i] is >= (byte)'0' and <= (byte)'9' ? s[i] - '0' : -1;
                if (d < 0)
                {
                    break;
                }

                value = (value * (hex ? 16 : 10)) + d;
                digits++;
                i++;
            }

            if (digits == 0)
            {
                return -1;
            }

            consumed = i < s.Length && s[i] == (byte)';' ? i + 1 : i;
            return value;
        }

        var end = s[1..].IndexOf((byte)';');
        if (end is < 1 or > 10)
        {
            // Browsers accept these few without the semicolon.
            foreach (var (name, cp) in Loose)
            {
                if (s[1..].StartsWith(name))
                {
                    consumed = name.Length + 1;
                    return cp;
                }
            }

            return -1;
        }

        var entity = s.Slice(1, end);
        foreach (var (name, cp) in Named)
        {
            if (entity.SequenceEqual(name))
            {
                consumed = end + 2;
                return cp;
            }
        }

        return -1;
    }

    private static readonly (byte[] Name, int CodePoint)[] Loose =
    [
        ("lt"u8.ToArray(), '<'), ("gt"u8.ToArray(), '>'), ("amp"u8.ToArray(), '&'), ("quot"u8.ToArray(), '"'),
    ];

    private static readonly (byte[] Name, int CodePoint)[] Named =
    [
        ("lt"u8.ToArray(), '<'), ("gt"u8.ToArray(), '>'), ("amp"u8.ToArray(), '&'), ("quot"u8.ToArray(), '"'),
        ("apos"u8.ToArray(), '\''), ("colon"u8.ToArray(), ':'), ("lpar"u8.ToArray(), '('), ("rpar"u8.ToArray(), ')'),
        ("Tab"u8.ToArray(), '\t'), ("NewLine"u8.ToArray(), '\n'), ("sol"u8.ToArray(), '/'), ("bsol"u8.ToArray(), '\\'),
        ("lsqb"u8.ToArray(), '['), ("rsqb"u8.ToArray(), ']'), ("lcub"u8.ToArray(), '{'), ("rcub"u8.ToArray(), '}'),
        ("excl"u8.ToArray(), '!'), ("num"u8.ToArray(), '#'), ("period"u8.ToArray(), '.'), ("comma"u8.ToArray(), ','),
        ("semi"u8.ToArray(), ';'), ("equals"u8.ToArray(), '='), ("plus"u8.ToArray(), '+'), ("nbsp"u8.ToArray(), ' '),
        ("grave"u8.ToArray(), '`'), ("dollar"u8.ToArray(), '$'), ("percnt"u8.ToArray(), '%'), ("ast"u8.ToArray(), '*'),
    ];
}
