using System.Runtime.InteropServices;

namespace AiSpm.Detection.Engines.Hyperscan;

/// <summary>
/// Owns an <c>hs_stream_t</c>. Normal shutdown goes through <see cref="HyperscanStream.Complete"/>, which closes it
/// with a callback; a handle abandoned without completion is closed here with no callback (scratch may be null then).
/// </summary>
internal sealed class HsStreamHandle : SafeHandle
{
    public HsStreamHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    public static HsStreamHandle Wrap(nint stream)
    {
        var h = new HsStreamHandle();
        h.SetHandle(stream);
        return h;
    }

    /// <summary>Marks the stream as closed by an explicit hs_close_stream call.</summary>
    public void MarkClosed() => SetHandleAsInvalid();

    protected override unsafe bool ReleaseHandle() => HsNative.CloseStream(handle, 0, null, null) == HsNative.Success;
}
