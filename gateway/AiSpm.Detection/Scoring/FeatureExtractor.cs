using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AiSpm.Detection.Scoring;

/// <summary>
/// Turns normalized UTF-8 text into hashed feature buckets without allocating: lower-cased word unigrams and bigrams
/// and character 4-grams over the lower-cased, whitespace-collapsed bytes (one char-gram per byte keeps
/// scoring under 2 ns a byte; 3- to 5-grams scored no better in cross-validation at three times the cost).
/// </summary>
/// <remarks>
/// Works on bytes, not chars: ASCII letters are lower-cased, every whitespace run becomes one space, and non-ASCII
/// bytes are kept as they are (the normalizer already applied NFKC and the confusables fold). The last four bytes live
/// in one <see cref="uint"/> shift register, so character n-grams need no buffer. Changing anything here changes the
/// meaning of every shipped weight: bump <see cref="FeatureVersion"/> and retrain.
/// </remarks>
public static class FeatureExtractor
{
    /// <summary>Written into the model file; a model trained with other features is refused.</summary>
    public const int FeatureVersion = 3;

    public const int CharGram = 4;

    private const uint UnigramSalt = 0x1B873593;
    private const uint BigramSalt = 0xCC9E2D51;

    /// <summary>Emits every feature of <paramref name="text"/> into <paramref name="sink"/>; returns how many it emitted.</summary>
    public static int Extract<TSink>(ReadOnlySpan<byte> text, int bucketBits, ref TSink sink)
        where TSink : IFeatureSink, allows ref struct
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketBits, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bucketBits, 24);
        var mask = (1u << bucketBits) - 1;

        var emitted = 0;
        var shift = 32 - bucketBits;
        uint window = 0;
        var windowLength = 0;
        var wordHash = StableHash.FnvOffsetBasis;
        var wordLength = 0;
        uint previousWord = 0;
        var havePreviousWord = false;
        var lastWasSpace = true;

        foreach (var raw in text)
        {
            var c = Fold(raw);
            if (c == (byte)' ')
            {
                if (lastWasSpace)
                {
                    continue;
                }

                lastWasSpace = true;
            }
            else
            {
                lastWasSpace = false;
            }

            if (IsWordByte(c))
            {
                wordHash = StableHash.Fnv1a(wordHash, c);
                wordLength++;
            }
            else if (wordLength > 0)
            {
                emitted += EmitWord(wordHash, ref previousWord, ref havePreviousWord, mask, ref sink);
                wordHash = StableHash.FnvOffsetBasis;
                wordLength = 0;
            }

            // The 4-gram is exactly the 32-bit window; Fibonacci hashing (one multiply, top bits) spreads it well.
            window = (window << 8) | c;
            if (++windowLength >= CharGram)
            {
                sink.Add((int)((window * 0x9E3779B1u) >> shift));
                emitted++;
            }
        }

        if (wordLength > 0)
        {
            emitted += EmitWord(wordHash, ref previousWord, ref havePreviousWord, mask, ref sink);
        }

        return emitted;
    }

    /// <summary>
    /// The scorer's hot loop: exactly the features of <see cref="Extract{TSink}"/>, each adding its row of
    /// <paramref name="paddedRows"/> (four floats per bucket) into <paramref name="sum"/>; returns the feature count.
    /// </summary>
    /// <remarks>
    /// Written out rather than going through a sink: the sums live in three registers, character grams alternate
    /// between two of them and word features use the third, so no add waits on the one before it (one accumulator
    /// behind a ref cost a store-forwarding round trip per feature, about 5 ns a byte). Float sums come out in a
    /// different order than the generic path's, so the two agree to rounding, not bit for bit.
    /// </remarks>
    internal static int SumPaddedRows(ReadOnlySpan<byte> text, int bucketBits, ReadOnlySpan<float> paddedRows, out Vector128<float> sum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketBits, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bucketBits, 24);
        ArgumentOutOfRangeException.ThrowIfLessThan(paddedRows.Length, 4 << bucketBits, nameof(paddedRows));
        ref var rows = ref MemoryMarshal.GetReference(paddedRows);
        ref var fold = ref MemoryMarshal.GetReference(FoldTable);
        var mask = (1u << bucketBits) - 1;
        var shift = 32 - bucketBits;

        var even = Vector128<float>.Zero;
        var odd = Vector128<float>.Zero;
        var words = Vector128<float>.Zero;
        var emitted = 0;
        uint window = 0;
        var windowLength = 0;
        var wordHash = StableHash.FnvOffsetBasis;
        var wordLength = 0;
        uint previousWord = 0;
        var havePreviousWord = false;
        var lastWasSpace = true;

        for (var i = 0; i < text.Length; i++)
        {
            var c = Unsafe.Add(ref fold, text[i]);
            if (c == (byte)' ')
            {
                if (lastWasSpace)
                {
                    continue;
                }

                lastWasSpace = true;
            }
            else
            {
                lastWasSpace = false;
            }

            if (IsWordByte(c))
            {
                wordHash = StableHash.Fnv1a(wordHash, c);
                wordLength++;
            }
            else if (wordLength > 0)
            {
                words += Row(ref rows, StableHash.Mix32(wordHash ^ UnigramSalt) & mask);
                if (havePreviousWord)
                {
                    words += Row(ref rows, StableHash.Mix32(StableHash.Combine(previousWord, wordHash) ^ BigramSalt) & mask);
                    emitted++;
                }

                emitted++;
                previousWord = wordHash;
                havePreviousWord = true;
                wordHash = StableHash.FnvOffsetBasis;
                wordLength = 0;
            }

            window = (window << 8) | c;
            if (++windowLength >= CharGram)
            {
                var next = even + Row(ref rows, (window * 0x9E3779B1u) >> shift);
                even = odd;
                odd = next;
                emitted++;
            }
        }

        if (wordLength > 0)
        {
            words += Row(ref rows, StableHash.Mix32(wordHash ^ UnigramSalt) & mask);
            emitted++;
            if (havePreviousWord)
            {
                words += Row(ref rows, StableHash.Mix32(StableHash.Combine(previousWord, wordHash) ^ BigramSalt) & mask);
                emitted++;
            }
        }

        sum = even + odd + words;
        return emitted;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Row(ref float rows, uint bucket) => Vector128.LoadUnsafe(ref rows, (nuint)bucket * 4);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EmitWord<TSink>(uint wordHash, ref uint previousWord, ref bool havePreviousWord, uint mask, ref TSink sink)
        where TSink : IFeatureSink, allows ref struct
    {
        sink.Add((int)(StableHash.Mix32(wordHash ^ UnigramSalt) & mask));
        var count = 1;
        if (havePreviousWord)
        {
            sink.Add((int)(StableHash.Mix32(StableHash.Combine(previousWord, wordHash) ^ BigramSalt) & mask));
            count++;
        }

        previousWord = wordHash;
        havePreviousWord = true;
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Fold(byte b) => FoldTable[b];

    // ASCII letters lower-cased, tab, newline, vertical tab, form feed and carriage return to a space.
    private static ReadOnlySpan<byte> FoldTable => [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 32, 32, 32, 32, 32, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
        32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,
        64, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 91, 92, 93, 94, 95,
        96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,
        128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159,
        160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191,
        192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223,
        224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255,
    ];

    // Non-ASCII bytes count as word bytes so accented and non-Latin words stay whole.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWordByte(byte c) => c >= 0x80 || (uint)(c - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9;
}
