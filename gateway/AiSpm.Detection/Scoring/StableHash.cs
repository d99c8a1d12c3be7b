using System.Numerics;
using System.Runtime.CompilerServices;

namespace AiSpm.Detection.Scoring;

/// <summary>
/// Fixed, process-independent hashing for feature buckets. string.GetHashCode is randomized per process, which would
/// make shipped weights meaningless, so the scorer only ever uses these.
/// </summary>
internal static class StableHash
{
    public const uint FnvOffsetBasis = 2166136261;
    public const uint FnvPrime = 16777619;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Fnv1a(uint hash, byte value) => (hash ^ value) * FnvPrime;

    /// <summary>MurmurHash3's 32-bit finalizer: FNV's low bits are weak, and buckets are taken from the low bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mix32(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Combine(uint previous, uint current) => BitOperations.RotateLeft(previous, 13) ^ (current * 0x9E3779B1);
}
