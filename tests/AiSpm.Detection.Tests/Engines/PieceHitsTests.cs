using AiSpm.Detection.Engines.Pieces;

namespace AiSpm.Detection.Tests.Engines;

/// <summary>Piece report positions, grouped per piece for confirmation windows.</summary>
public class PieceHitsTests
{
    private static PieceHits Record(int textLength, params (int Piece, int End)[] reports)
    {
        var hits = new PieceHits();
        hits.Prepare(textLength);
        for (var i = 0; i < reports.Length && i < hits.Capacity; i++)
        {
            hits.PieceBuffer[i] = reports[i].Piece;
            hits.EndBuffer[i] = reports[i].End;
        }

        hits.Complete(reports.Length, pieceCount: 4);
        return hits;
    }

    [Fact]
    public void EndsAreGroupedByPieceInReportOrder()
    {
        var hits = Record(100, (2, 5), (0, 7), (2, 9), (3, 9), (0, 40), (2, 41));
        Assert.Equal([7, 40], hits.EndsOf(0).ToArray());
        Assert.Empty(hits.EndsOf(1).ToArray());
        Assert.Equal([5, 9, 41], hits.EndsOf(2).ToArray());
        Assert.Equal([9], hits.EndsOf(3).ToArray());
        Assert.Equal(3, hits.CountOf(2));
        Assert.Equal(0, hits.CountOf(7));
        Assert.False(hits.Overflowed);
    }

    [Fact]
    public void MoreReportsThanRoomAreFlaggedSoWindowsAreNotTrusted()
    {
        var reports = Enumerable.Range(0, 300).Select(i => (i % 4, i)).ToArray();
        var hits = Record(10, reports);
        Assert.True(hits.Overflowed);
        Assert.Equal(hits.Capacity, hits.Count);
    }

    [Fact]
    public void ABufferIsReusedAcrossScans()
    {
        var hits = Record(100, (1, 3), (1, 4));
        hits.Prepare(100);
        hits.PieceBuffer[0] = 0;
        hits.EndBuffer[0] = 8;
        hits.Complete(1, pieceCount: 2);
        Assert.Equal([8], hits.EndsOf(0).ToArray());
        Assert.Empty(hits.EndsOf(1).ToArray());
    }
}
