using System.Text;
using AiSpm.Admin.FunctionalTests.Support;
using AiSpm.Gateway.Events;

namespace AiSpm.Admin.FunctionalTests.Events;

public sealed class EventSpoolTests
{
    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void RecordsComeBackInOrderAcrossSegmentsAndRestarts()
    {
        using var tmp = new TempDir();
        var spool = new EventSpool(tmp.Path, 1 << 20, segmentMaxBytes: 64);
        for (var i = 0; i < 20; i++)
        {
            Assert.True(spool.TryAppend(Bytes("record-" + i), i + 1));
        }

        Assert.Equal(Enumerable.Range(1, 20).Sum(), spool.PendingEvents);
        Assert.True(Directory.GetFiles(tmp.Path, "*.seg").Length > 1);
        for (var i = 0; i < 7; i++)
        {
            Assert.True(spool.TryPeek(out var r));
            Assert.Equal("record-" + i, Encoding.UTF8.GetString(r.Payload));
            Assert.Equal(i + 1, r.EventCount);
            spool.Advance(r);
        }

        spool.Dispose();
        var reopened = new EventSpool(tmp.Path, 1 << 20, segmentMaxBytes: 64);
        Assert.Equal(Enumerable.Range(8, 13).Sum(), reopened.PendingEvents);
        Assert.True(reopened.TryAppend(Bytes("after-restart"), 1));
        var rest = new List<string>();
        while (reopened.TryPeek(out var r))
        {
            rest.Add(Encoding.UTF8.GetString(r.Payload));
            reopened.Advance(r);
        }

        Assert.Equal([.. Enumerable.Range(7, 13).Select(i => "record-" + i), "after-restart"], rest);
        Assert.Equal(0, reopened.PendingEvents);
        reopened.Dispose();
    }

    [Fact]
    public void TornTailIsCutOffAndEverythingBeforeItSurvives()
    {
        using var tmp = new TempDir();
        var spool = new EventSpool(tmp.Path, 1 << 20, 1 << 20);
        Assert.True(spool.TryAppend(Bytes("one"), 1));
        Assert.True(spool.TryAppend(Bytes("two"), 1));
        spool.Dispose();
        var seg = Directory.GetFiles(tmp.Path, "*.seg").Single();
        // A crash in the middle of writing a third record: a header that promises more bytes than follow.
        using (var fs = new FileStream(seg, FileMode.Append))
        {
            fs.Write([100, 0, 0, 0, 1, 0, 0, 0, 9, 9, 9, 9, 1, 2, 3]);
        }

        var reopened = new EventSpool(tmp.Path, 1 << 20, 1 << 20);
        Assert.Equal(2, reopened.PendingEvents);
        Assert.True(reopened.TryAppend(Bytes("three"), 1));
        var all = new List<string>();
        while (reopened.TryPeek(out var r))
        {
            all.Add(Encoding.UTF8.GetString(r.Payload));
            reopened.Advance(r);
        }

        Assert.Equal(["one", "two", "three"], all);
        reopened.Dispose();
    }

    [Fact]
    public void AppendRefusesPastTheCapAndDrainedSegmentsAreDeleted()
    {
        using var tmp = new TempDir();
        var spool = new EventSpool(tmp.Path, maxBytes: 100, segmentMaxBytes: 40);
        Assert.True(spool.TryAppend(new byte[30], 1));
        Assert.True(spool.TryAppend(new byte[30], 1));
        Assert.False(spool.TryAppend(new byte[30], 1));
        Assert.Equal(84, spool.Bytes);
        while (spool.TryPeek(out var r))
        {
            spool.Advance(r);
        }

        Assert.Equal(0, spool.Bytes);
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.seg"));
        Assert.True(spool.TryAppend(new byte[30], 1));
        spool.Dispose();
    }
}
