namespace AiSpm.Detection.Normalization;

/// <summary>
/// Finds a code point in <see cref="CompatibilityTable"/> behind a one-bit-per-character membership test below
/// U+10000. Most characters of non-Latin text are not in the table, and the binary search over its keys was about a
/// fifth of normalizing 128 KB of the corpus's multilingual text; the bit test rejects them in one load.
/// </summary>
internal static class CompatibilityIndex
{
    private const int BmpEnd = 0x10000;

    private static readonly ulong[] InTable = Build();

    /// <summary>The index of <paramref name="codePoint"/> in <see cref="CompatibilityTable.Keys"/>, or a negative number when it is not there.</summary>
    public static int IndexOf(int codePoint)
    {
        if ((uint)codePoint < BmpEnd && (InTable[codePoint >> 6] & (1UL << codePoint)) == 0)
        {
            return -1;
        }

        return CompatibilityTable.Keys.BinarySearch(codePoint);
    }

    private static ulong[] Build()
    {
        var bits = new ulong[BmpEnd / 64];
        foreach (var key in CompatibilityTable.Keys)
        {
            if (key < BmpEnd)
            {
                bits[key >> 6] |= 1UL << key;
            }
        }

        return bits;
    }
}
