using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AiSpm.Detection.Scoring;

public static partial class FeatureExtractor
{
    /// <summary><see cref="Fold"/> on eight bytes at once.</summary>
    private const ulong FoldBits = 0x2020202020202020;

    /// <summary>
    /// The scorer's hot loop: exactly the features of <see cref="Extract{TSink}"/>, each adding its row of
    /// <paramref name="paddedRows"/> (four floats per bucket) into <paramref name="sum"/>; returns the feature count.
    /// </summary>
    /// <remarks>
    /// Word bytes are found 64 at a time as a bit mask, and words are walked by their start bits; a word's length is
    /// the run of ones from its start, and its hash comes from two 8-byte loads folded in a register. So the loop's
    /// cost is per word, not per byte, and no word's hash waits on another's. Two accumulators per kind of feature keep
    /// the float adds from queueing behind each other. Float sums come out in a different order than the generic
    /// path's, so the two agree to rounding, not bit for bit.
    /// </remarks>
    internal static int SumPaddedRows(ReadOnlySpan<byte> text, int bucketBits, ReadOnlySpan<float> paddedRows, out Vector128<float> sum)
    {
        CheckBucketBits(bucketBits);
        ArgumentOutOfRangeException.ThrowIfLessThan(paddedRows.Length, 4 << bucketBits, nameof(paddedRows));
        ref var rows = ref MemoryMarshal.GetReference(paddedRows);
        var shift = 64 - bucketBits;
        var length = text.Length;
        var blocks = (length + 63) >> 6;

        // The last block and the last word's 16 bytes are read from a zero-padded copy of at most 64 bytes (reads reach
        // 80 bytes into it), so the loop reads past no end and calls nothing: a call would make the JIT keep the
        // accumulators on the stack.
        var lastBlock = Math.Max(0, (blocks - 1) << 6);
        var copied = Math.Max(0, Math.Min(lastBlock, length - HashedPrefix));
        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        text[copied..].CopyTo(tail);
        ref var textStart = ref MemoryMarshal.GetReference(text);
        ref var tailStart = ref MemoryMarshal.GetReference(tail);

        var unigramsEven = Vector128<float>.Zero;
        var unigramsOdd = Vector128<float>.Zero;
        var stemsEven = Vector128<float>.Zero;
        var stemsOdd = Vector128<float>.Zero;
        var bigramsEven = Vector128<float>.Zero;
        var bigramsOdd = Vector128<float>.Zero;
        var words = 0;
        ulong previous = 0;

        ulong currentLeads = 0;
        var current = blocks > 0 ? WordMask(ref 64 <= length ? ref textStart : ref tailStart, out currentLeads) : 0;
        ulong carry = 0;
        for (var block = 0; block < blocks; block++)
        {
            var nextOffset = (block + 1) << 6;
            ulong nextLeads = 0;
            var next = nextOffset >= length
                ? 0
                : WordMask(ref nextOffset + 64 <= length ? ref Unsafe.Add(ref textStart, nextOffset) : ref Unsafe.Add(ref tailStart, nextOffset - copied), out nextLeads);

            // A word starts after a non-word byte, and at every lead byte of a three-byte character.
            var starts = (current & ~((current << 1) | carry)) | currentLeads;
            while (starts != 0)
            {
                var bit = BitOperations.TrailingZeroCount(starts);
                starts &= starts - 1;

                // The 64 mask bits from the word's start on, across into the next block: their run of ones, up to the
                // next three-byte lead, is the length.
                var run = (current >> bit) | ((next << (63 - bit)) << 1);
                var leads = (currentLeads >> bit) | ((nextLeads << (63 - bit)) << 1);
                var wordLength = BitOperations.TrailingZeroCount(~run | (leads & ~1UL) | (1UL << LongestLength));
                var start = (block << 6) + bit;
                ref var first = ref start + HashedPrefix <= length ? ref Unsafe.Add(ref textStart, start) : ref Unsafe.Add(ref tailStart, start - copied);
                var hash = HashAt(ref first, wordLength, out var stem);

                var nextUnigrams = unigramsEven + Row(ref rows, UnigramBucket(hash, shift));
                unigramsEven = unigramsOdd;
                unigramsOdd = nextUnigrams;
                var nextStems = stemsEven + Row(ref rows, StemBucket(stem, shift));
                stemsEven = stemsOdd;
                stemsOdd = nextStems;
                if (words > 0)
                {
                    var nextBigrams = bigramsEven + Row(ref rows, BigramBucket(previous, hash, shift));
                    bigramsEven = bigramsOdd;
                    bigramsOdd = nextBigrams;
                }

                previous = hash;
                words++;
            }

            carry = current >> 63;
            current = next;
            currentLeads = nextLeads;
        }

        sum = (unigramsEven + unigramsOdd) + (stemsEven + stemsOdd) + (bigramsEven + bigramsOdd);
        return words == 0 ? 0 : (3 * words) - 1;
    }

    /// <summary>
    /// The hash of the word of <paramref name="length"/> bytes (1 to 31) at <paramref name="first"/>, 16 of them
    /// readable, and in <paramref name="stem"/> the hash of its first <see cref="StemLength"/> bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong HashAt(ref byte first, int length, out ulong stem)
    {
        var low = Unsafe.ReadUnaligned<ulong>(ref first);
        var high = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, 8));
        if (!BitConverter.IsLittleEndian)
        {
            low = BinaryPrimitives.ReverseEndianness(low);
            high = BinaryPrimitives.ReverseEndianness(high);
        }

        // Counts, branch-free (the JIT does not turn conditionals into conditional moves inside loops). Bits: up to 248
        // for the first eight bytes, which keeps them all from 64 on; for the next eight, what is past 64, or none.
        var lowBits = length * 8;
        var highBits = lowBits - 64;
        highBits &= ~(highBits >> 31);
        var stemLength = length - StemLength;
        stemLength = (stemLength & (stemLength >> 31)) + StemLength;
        low |= FoldBits;
        stem = Mix(KeepLowBits(low, stemLength * 8), 0, stemLength);
        return Mix(KeepLowBits(low, lowBits), KeepLowBits(high | FoldBits, highBits), length);
    }

    /// <summary>The low <paramref name="bits"/> bits of <paramref name="value"/> (0 to 255), all of them from 64 on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong KeepLowBits(ulong value, int bits) =>
        Bmi2.X64.IsSupported ? Bmi2.X64.ZeroHighBits(value, (ulong)bits) : bits >= 64 ? value : value & ((1UL << bits) - 1);

    /// <summary>
    /// One bit per byte of the 64 at <paramref name="block"/>: set where the byte is a word byte; in
    /// <paramref name="leads"/>, where it is the lead byte of a three-byte character.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong WordMask(ref byte block, out ulong leads)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            var low = Vector256.LoadUnsafe(ref block);
            var high = Vector256.LoadUnsafe(ref block, 32);
            leads = LeadBits(low) | ((ulong)LeadBits(high) << 32);
            return WordBits(low) | ((ulong)WordBits(high) << 32);
        }

        var b0 = Vector128.LoadUnsafe(ref block);
        var b1 = Vector128.LoadUnsafe(ref block, 16);
        var b2 = Vector128.LoadUnsafe(ref block, 32);
        var b3 = Vector128.LoadUnsafe(ref block, 48);
        leads = LeadBits(b0) | ((ulong)LeadBits(b1) << 16) | ((ulong)LeadBits(b2) << 32) | ((ulong)LeadBits(b3) << 48);
        return WordBits(b0) | ((ulong)WordBits(b1) << 16) | ((ulong)WordBits(b2) << 32) | ((ulong)WordBits(b3) << 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LeadBits(Vector256<byte> bytes) =>
        Vector256.Equals(bytes & Vector256.Create((byte)0xF0), Vector256.Create((byte)0xE0)).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LeadBits(Vector128<byte> bytes) =>
        Vector128.Equals(bytes & Vector128.Create((byte)0xF0), Vector128.Create((byte)0xE0)).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint WordBits(Vector256<byte> bytes)
    {
        var letter = Vector256.LessThanOrEqual((bytes | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)('z' - 'a')));
        var digit = Vector256.LessThanOrEqual(bytes - Vector256.Create((byte)'0'), Vector256.Create((byte)9));
        return (letter | digit | bytes).ExtractMostSignificantBits();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint WordBits(Vector128<byte> bytes)
    {
        var letter = Vector128.LessThanOrEqual((bytes | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)('z' - 'a')));
        var digit = Vector128.LessThanOrEqual(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
        return (letter | digit | bytes).ExtractMostSignificantBits();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Row(ref float rows, int bucket) => Vector128.LoadUnsafe(ref rows, (nuint)bucket * 4);
}
