using System.Runtime.InteropServices;

namespace AiSpm.Detection.Engines.Hyperscan;

/// <summary>Owns an <c>hs_database_t</c>.</summary>
internal sealed class HsDatabaseHandle : SafeHandle
{
    public HsDatabaseHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    public static HsDatabaseHandle Wrap(nint db)
    {
        var h = new HsDatabaseHandle();
        h.SetHandle(db);
        return h;
    }

    protected override bool ReleaseHandle() => HsNative.FreeDatabase(handle) == HsNative.Success;
}
