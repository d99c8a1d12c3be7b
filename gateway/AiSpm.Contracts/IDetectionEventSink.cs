namespace AiSpm.Contracts;

/// <summary>Where the gateway hands every detection. Called on the request path.</summary>
public interface IDetectionEventSink
{
    /// <summary>
    /// Queues the event for delivery. Never blocks and never throws; returns false only when the event could not be
    /// queued nor spooled (it is then counted as dropped).
    /// </summary>
    bool TryEmit(DetectionEvent e);
}
