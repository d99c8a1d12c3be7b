using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;

namespace AiSpm.Detection.Normalization;

/// <summary>
/// One level of payload decoding: base64 (standard or URL-safe), hex and percent-encoded runs in a normalized
/// segment are decoded, and when the result reads as text it is normalized and appended after a newline, every
/// byte mapped to the whole encoded run so a finding in it redacts the run.
/// </summary>
internal static class PayloadDecoder
{
    private const int MinBase64 = 16;
    private const int MinHex = 16;

    public static void AppendDecoded(NormalizedText text, int segmentStart) => AppendDecoded(text, segmentStart, skipProse: true);

    /// <param name="skipProse">
    /// Look only at the stretches where a vector pass found <see cref="MinHex"/> token bytes in a row; false reads every
    /// byte (the reference the tests hold the fast path to).
    /// </param>
    internal static void AppendDecoded(NormalizedText text, int segmentStart, bool skipProse)
    {
        var end = text.Length;
        MarkupDecoder.AppendDecoded(text, segmentStart, end);

        // Decoding appends to text; its buffer may move, but this span keeps reading the unchanged original bytes.
        var bytes = text.Bytes[segmentStart..end];
        if (!skipProse || HasTwoPercentsInARun(bytes))
        {
            DecodeRuns(text, segmentStart, bytes, 0, bytes.Length);
            return;
        }

        DecodeLongRuns(text, segmentStart, bytes);
    }

    // Only the stretches around long token runs go through the byte loop (LongRunStretches). Real text has such runs
    // (paths, hashes, code), so a whole-text precheck passes on almost every long document; this keeps the byte loop
    // off the prose between them.
    private static void DecodeLongRuns(NormalizedText text, int segmentStart, ReadOnlySpan<byte> bytes)
    {
        var stretches = new LongRunStretches(bytes);
        while (stretches.Next(out var from, out var to))
        {
            DecodeRuns(text, segmentStart, bytes, from, to);
        }
    }

    // The byte loop over [from, to) of the segment: each maximal run of token bytes long enough (or with two '%') is tried.
    private static void DecodeRuns(NormalizedText text, int segmentStart, ReadOnlySpan<byte> bytes, int from, int to)
    {
        var table = TokenTable;
        var run = 0;
        var percents = 0;
        for (var k = from; k <= to; k++)
        {
            var kind = k < to ? table[bytes[k]] : (byte)0;
            if (kind != 0)
            {
                run++;
                percents += kind >> 1;
                continue;
            }

            if (run >= MinHex || percents >= 2)
            {
                TryDecodeRun(text, segmentStart + k - run, segmentStart + k, percents);
            }

            run = 0;
            percents = 0;
        }
    }

    /// <summary>
    /// False only when the byte loop would try nothing: no <see cref="MinHex"/> token bytes in a row and no two '%' in
    /// one run of them.
    /// </summary>
    internal static bool MayHoldPayload(ReadOnlySpan<byte> bytes) => HasTwoPercentsInARun(bytes) || new LongRunStretches(bytes).Next(out _, out _);

    /// <summary>
    /// The stretches of a text that hold every run of <see cref="MinHex"/> or more token bytes, found 32 bytes at a time
    /// so prose (its longest runs are long words) costs a few vector operations per block instead of a table lookup
    /// and a branch per byte.
    /// </summary>
    /// <remarks>
    /// Bit k of the history is whether the k-th of the last 64 bytes is a token byte, and a block is flagged when a run
    /// of sixteen lies in it and the block before. A run of sixteen or more starting at s flags the block holding
    /// s + 15, which starts at most 15 bytes after s, so a stretch opened 32 bytes before its first flagged block holds
    /// the run's start. It closes at the first block that is not flagged, whose 64 bytes then hold fewer than sixteen
    /// of the run, so the run ends inside the flagged blocks.
    /// </remarks>
    internal ref struct LongRunStretches(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private ulong _history;
        private int _next;

        public bool Next(out int from, out int to)
        {
            var table = TokenTable;
            ref var first = ref MemoryMarshal.GetReference(_bytes);
            from = -1;
            to = 0;
            for (; _next < _bytes.Length; _next += 32)
            {
                var i = _next;
                uint mask = 0;
                if (i + 32 <= _bytes.Length)
                {
                    mask = TokenMask(Vector256.LoadUnsafe(ref first, (nuint)i));
                }
                else
                {
                    for (var k = i; k < _bytes.Length; k++)
                    {
                        mask |= table[_bytes[k]] != 0 ? 1u << (k - i) : 0;
                    }
                }

                _history = (_history >> 32) | ((ulong)mask << 32);
                if (RunsOf16(_history) != 0)
                {
                    from = from < 0 ? Math.Max(0, i - 32) : from;
                    to = Math.Min(_bytes.Length, i + 32);
                }
                else if (from >= 0)
                {
                    _next += 32;
                    return true;
                }
            }

            return from >= 0;
        }
    }

    private static bool HasTwoPercentsInARun(ReadOnlySpan<byte> bytes)
    {
        var previous = bytes.IndexOf((byte)'%');
        while (previous >= 0)
        {
            var next = bytes[(previous + 1)..].IndexOf((byte)'%');
            if (next < 0)
            {
                return false;
            }

            next += previous + 1;
            if (!bytes[(previous + 1)..next].ContainsAnyExcept(TokenBytes))
            {
                return true;
            }

            previous = next;
        }

        return false;
    }

    private static readonly SearchValues<byte> TokenBytes = SearchValues.Create(TokenByteValues());

    private static byte[] TokenByteValues()
    {
        var table = TokenTable;
        var values = new List<byte>();
        for (var b = 0; b < table.Length; b++)
        {
            if (table[b] != 0)
            {
                values.Add((byte)b);
            }
        }

        return [.. values];
    }

    /// <summary>Bit k set when bits k to k + 15 all are.</summary>
    private static ulong RunsOf16(ulong bits)
    {
        bits &= bits >> 1;
        bits &= bits >> 2;
        bits &= bits >> 4;
        return bits & (bits >> 8);
    }

    /// <summary>One bit per byte of <paramref name="v"/>: set where <see cref="TokenTable"/> is not zero.</summary>
    private static uint TokenMask(Vector256<byte> v)
    {
        var letter = Vector256.LessThanOrEqual((v | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)25));
        var digit = Vector256.LessThanOrEqual(v - Vector256.Create((byte)'0'), Vector256.Create((byte)9));
        var dashDotSlash = Vector256.LessThanOrEqual(v - Vector256.Create((byte)'-'), Vector256.Create((byte)2));
        var other = Vector256.Equals(v, Vector256.Create((byte)'+')) | Vector256.Equals(v, Vector256.Create((byte)'='))
            | Vector256.Equals(v, Vector256.Create((byte)'_')) | Vector256.Equals(v, Vector256.Create((byte)'%'));
        return (letter | digit | dashDotSlash | other).ExtractMostSignificantBits();
    }

    // A run is a maximal stretch of bytes that can belong to an encoded payload: 1 for such a byte, 2 for '%'.
    private static ReadOnlySpan<byte> TokenTable => [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private static void TryDecodeRun(NormalizedText text, int start, int end, int percents)
    {
        var len = end - start;

        var buffer = ArrayPool<byte>.Shared.Rent(len);
        try
        {
            var run = text.Bytes[start..end];
            int n;
            if (percents >= 2)
            {
                n = PercentDecode(run, buffer);
            }
            else if (IsHex(run) && len % 2 == 0)
            {
                n = HexDecode(run, buffer);
            }
            else
            {
                var trimmed = run.TrimEnd((byte)'=').TrimEnd((byte)'.');
                n = trimmed.Length >= MinBase64 ? Base64Decode(trimmed, buffer) : -1;
            }

            if (n < 4 || !LooksLikeText(buffer.AsSpan(0, n)))
            {
                return;
            }

            var (s, e) = text.MapToSource(start, end);
            var state = Normalizer.StartLine(s, e, text);
            var decoded = buffer.AsSpan(0, n);
            var k = 0;
            while (k < decoded.Length)
            {
                System.Text.Rune.DecodeFromUtf8(decoded[k..], out var rune, out var used);
                Normalizer.EmitCodePoint(rune.Value, s, e, text, ref state);
                k += Math.Max(1, used);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsHex(ReadOnlySpan<byte> run)
    {
        foreach (var b in run)
        {
            if (Normalizer.HexValue(b) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int HexDecode(ReadOnlySpan<byte> run, Span<byte> output)
    {
        var n = 0;
        for (var i = 0; i + 1 < run.Length; i += 2)
        {
            output[n++] = (byte)((Normalizer.HexValue(run[i]) << 4) | Normalizer.HexValue(run[i + 1]));
        }

        return n;
    }

    private static int PercentDecode(ReadOnlySpan<byte> run, Span<byte> output)
    {
        var n = 0;
        for (var i = 0; i < run.Length; i++)
        {
            var b = run[i];
            if (b == (byte)'%' && i + 2 < run.Length && Normalizer.HexValue(run[i + 1]) >= 0 && Normalizer.HexValue(run[i + 2]) >= 0)
            {
                output[n++] = (byte)((Normalizer.HexValue(run[i + 1]) << 4) | Normalizer.HexValue(run[i + 2]));
                i += 2;
            }
            else
            {
                output[n++] = b == (byte)'+' ? (byte)' ' : b;
            }
        }

        return n;
    }

    private static int Base64Decode(ReadOnlySpan<byte> run, Span<byte> output)
    {
        var n = 0;
        var acc = 0;
        var bits = 0;
        foreach (var b in run)
        {
            int v = b switch
            {
                >= (byte)'A' and <= (byte)'Z' => b - 'A',
                >= (byte)'a' and <= (byte)'z' => b - 'a' + 26,
                >= (byte)'0' and <= (byte)'9' => b - '0' + 52,
                (byte)'+' or (byte)'-' => 62,
                (byte)'/' or (byte)'_' => 63,
                _ => -1,
            };
            if (v < 0)
            {
                return -1;
            }

            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                output[n++] = (byte)(acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }

        return n;
    }

    // Decoded bytes count as text when they are valid UTF-8 and almost all printable.
    private static bool LooksLikeText(ReadOnlySpan<byte> data)
    {
        if (!Utf8.IsValid(data))
        {
            return false;
        }

        var printable = 0;
        var letters = 0;
        foreach (var b in data)
        {
            if (b >= 0x20 || b is (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                printable++;
            }

            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z'))
            {
                letters++;
            }
        }

        return printable * 100 >= data.Length * 95 && letters * 4 >= data.Length;
    }
}
