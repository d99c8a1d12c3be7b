namespace AiSpm.Gateway.Streaming;

/// <summary>
/// The one rule for reading an upstream body: every read must bring bytes within the route's idle timeout. The token
/// source is the exchange's (linked to the client's abort), re-armed before each read rather than created per read.
/// </summary>
internal static class IdleTimeout
{
    public static ValueTask<int> ReadAsync(Stream upstream, Memory<byte> buffer, CancellationTokenSource timeout, int idleTimeoutMs)
    {
        timeout.CancelAfter(idleTimeoutMs);
        return upstream.ReadAsync(buffer, timeout.Token);
    }

    /// <summary>
    /// Waits until the upstream has bytes without holding a buffer: a zero-byte read, so a slow or idle stream costs no
    /// rented array while it waits.
    /// </summary>
    public static async ValueTask WaitForDataAsync(Stream upstream, CancellationTokenSource timeout, int idleTimeoutMs)
    {
        timeout.CancelAfter(idleTimeoutMs);
        await upstream.ReadAsync(Memory<byte>.Empty, timeout.Token).ConfigureAwait(false);
    }
}
