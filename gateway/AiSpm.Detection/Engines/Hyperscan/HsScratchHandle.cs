using System.Runtime.InteropServices;

namespace AiSpm.Detection.Engines.Hyperscan;

/// <summary>Owns an <c>hs_scratch_t</c>, sized for both of an engine's databases; one per thread.</summary>
internal sealed class HsScratchHandle : SafeHandle
{
    public HsScratchHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>One scratch large enough for every database given (hs_alloc_scratch grows it to fit each).</summary>
    public static HsScratchHandle Allocate(params ReadOnlySpan<HsDatabaseHandle> databases)
    {
        nint scratch = 0;
        var rc = HsNative.Success;
        foreach (var db in databases)
        {
            rc = HsNative.AllocScratch(db.DangerousGetHandle(), ref scratch);
            if (rc != HsNative.Success)
            {
                break;
            }
        }

        if (rc != HsNative.Success)
        {
            if (scratch != 0)
            {
                _ = HsNative.FreeScratch(scratch);
            }

            throw new InvalidOperationException("hs_alloc_scratch failed: " + rc.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var h = new HsScratchHandle();
        h.SetHandle(scratch);
        return h;
    }

    protected override bool ReleaseHandle() => HsNative.FreeScratch(handle) == HsNative.Success;
}
