namespace AiSpm.MockUpstream.Serving;

internal sealed class MockCounters
{
    private long _requests;
    private long _inFlight;
    private long _completed;
    private long _cancelled;

    public long Requests => Interlocked.Read(ref _requests);

    public long InFlight => Interlocked.Read(ref _inFlight);

    public long Completed => Interlocked.Read(ref _completed);

    public long Cancelled => Interlocked.Read(ref _cancelled);

    public void Begin()
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _inFlight);
    }

    public void End(bool cancelled)
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref cancelled ? ref _cancelled : ref _completed);
    }
}
