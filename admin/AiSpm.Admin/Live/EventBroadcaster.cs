using System.Threading.Channels;
using AiSpm.Contracts;

namespace AiSpm.Admin.Live;

/// <summary>
/// Fans newly stored events out to live-feed subscribers. Each subscriber has a small bounded queue that drops its
/// oldest entries when it falls behind: a slow browser must never slow down ingest.
/// </summary>
internal sealed class EventBroadcaster
{
    private readonly Lock _gate = new();
    private Channel<DetectionEvent>[] _subscribers = [];

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    public void Publish(IReadOnlyList<DetectionEvent> events)
    {
        var subs = Volatile.Read(ref _subscribers);
        foreach (var s in subs)
        {
            foreach (var e in events)
            {
                s.Writer.TryWrite(e);
            }
        }
    }

    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<DetectionEvent>(new BoundedChannelOptions(1024)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers = [.. _subscribers, channel];
        }

        return new Subscription(this, channel);
    }

    private void Unsubscribe(Channel<DetectionEvent> channel)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, c => c != channel);
        }

        channel.Writer.TryComplete();
    }

    internal sealed class Subscription(EventBroadcaster owner, Channel<DetectionEvent> channel) : IDisposable
    {
        public ChannelReader<DetectionEvent> Reader => channel.Reader;

        public void Dispose() => owner.Unsubscribe(channel);
    }
}
