using AiSpm.Detection.Normalization;

namespace AiSpm.Detection.Tests.Normalization;

/// <summary>The membership bits in front of the compatibility table must find exactly what a search of its keys finds.</summary>
public class CompatibilityIndexTests
{
    [Fact]
    public void Every_code_point_is_found_exactly_where_the_keys_hold_it()
    {
        var mismatches = new List<int>();
        for (var cp = 0; cp <= 0x10FFFF; cp++)
        {
            var searched = CompatibilityTable.Keys.BinarySearch(cp);
            var indexed = CompatibilityIndex.IndexOf(cp);
            if ((searched >= 0) != (indexed >= 0) || (searched >= 0 && searched != indexed))
            {
                mismatches.Add(cp);
            }
        }

        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData(0xFF21, 'A')] // fullwidth A
    [InlineData(0x00C9, 'E')] // É, folded to its base letter
    [InlineData(0x1D400, 'A')] // mathematical bold A, above the bit range
    public void Characters_in_the_table_are_found_and_fold_as_before(int codePoint, char expected)
    {
        var index = CompatibilityIndex.IndexOf(codePoint);

        Assert.True(index >= 0);
        Assert.Equal(expected, CompatibilityTable.Values[CompatibilityTable.Offsets[index]]);
    }

    [Theory]
    [InlineData(0x4E2D)] // 中
    [InlineData(0x0416)] // Ж
    [InlineData(0x1F600)] // an emoji, above the bit range
    public void Characters_not_in_the_table_are_not_found(int codePoint) =>
        Assert.True(CompatibilityIndex.IndexOf(codePoint) < 0);
}
