using System.Threading.Channels;

namespace AiSpm.Admin.Posture;

/// <summary>
/// Tells the posture loop that traffic summaries arrived, so the controls that read <c>data.aispm.behaviour</c> are
/// evaluated again. Signals that arrive while one waits are one signal: a burst of batches is one evaluation.
/// </summary>
internal sealed class BehaviourSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAsync(cancellationToken);
}
