using System.Runtime.InteropServices;

namespace AiSpm.Detection.Engines.Hyperscan;

/// <summary>Our own binding to Debian's libhs.so.5 (hs_compile.h, hs_runtime.h, hs_common.h of Hyperscan 5.4).</summary>
internal static unsafe partial class HsNative
{
    public const string Library = "libhs.so.5";

    public const int Success = 0;
    public const int ScanTerminated = -3;

    public const uint FlagCaseless = 1;
    public const uint FlagDotAll = 2;
    public const uint FlagSingleMatch = 8;
    public const uint FlagMultiline = 4;
    public const uint FlagUtf8 = 32;
    public const uint FlagPrefilter = 128;
    public const uint FlagSomLeftmost = 256;
    public const uint FlagCombination = 512;
    public const uint FlagQuiet = 1024;

    public const uint ModeBlock = 1;
    public const uint ModeStream = 2;
    public const uint ModeSomHorizonLarge = 1U << 24;

    [StructLayout(LayoutKind.Sequential)]
    public struct CompileError
    {
        public byte* Message;
        public int Expression;
    }

    [LibraryImport(Library, EntryPoint = "hs_compile_multi")]
    public static partial int CompileMulti(byte** expressions, uint* flags, uint* ids, uint elements, uint mode, void* platform, out nint db, out CompileError* error);

    [LibraryImport(Library, EntryPoint = "hs_free_compile_error")]
    public static partial int FreeCompileError(CompileError* error);

    [LibraryImport(Library, EntryPoint = "hs_free_database")]
    public static partial int FreeDatabase(nint db);

    [LibraryImport(Library, EntryPoint = "hs_alloc_scratch")]
    public static partial int AllocScratch(nint db, ref nint scratch);

    [LibraryImport(Library, EntryPoint = "hs_free_scratch")]
    public static partial int FreeScratch(nint scratch);

    [LibraryImport(Library, EntryPoint = "hs_scan")]
    public static partial int Scan(nint db, byte* data, uint length, uint flags, nint scratch, delegate* unmanaged<uint, ulong, ulong, uint, void*, int> onEvent, void* context);

    [LibraryImport(Library, EntryPoint = "hs_open_stream")]
    public static partial int OpenStream(nint db, uint flags, out nint stream);

    [LibraryImport(Library, EntryPoint = "hs_scan_stream")]
    public static partial int ScanStream(nint stream, byte* data, uint length, uint flags, nint scratch, delegate* unmanaged<uint, ulong, ulong, uint, void*, int> onEvent, void* context);

    /// <summary>Equivalent to hs_close_stream then hs_open_stream in the same memory; end-of-data matches go to the callback (may be null, then scratch may be 0).</summary>
    [LibraryImport(Library, EntryPoint = "hs_reset_stream")]
    public static partial int ResetStream(nint stream, uint flags, nint scratch, delegate* unmanaged<uint, ulong, ulong, uint, void*, int> onEvent, void* context);

    [LibraryImport(Library, EntryPoint = "hs_close_stream")]
    public static partial int CloseStream(nint stream, nint scratch, delegate* unmanaged<uint, ulong, ulong, uint, void*, int> onEvent, void* context);

    [LibraryImport(Library, EntryPoint = "hs_serialize_database")]
    public static partial int SerializeDatabase(nint db, out byte* bytes, out nuint length);

    [LibraryImport(Library, EntryPoint = "hs_deserialize_database")]
    public static partial int DeserializeDatabase(byte* bytes, nuint length, out nint db);

    [LibraryImport(Library, EntryPoint = "hs_version")]
    public static partial byte* Version();

    /// <summary>True when libhs.so.5 can be loaded on this machine.</summary>
    public static bool IsAvailable()
    {
        if (!NativeLibrary.TryLoad(Library, typeof(HsNative).Assembly, null, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }
}
