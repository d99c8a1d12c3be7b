using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace AiSpm.Detection.Engines.Hyperscan;

/// <summary>
/// Hyperscan engine: one block-mode and one stream-mode database (byte mode, prefilter), a scratch per thread, and an unmanaged
/// callback that marks rules as fired in the thread's <see cref="MatchSink"/> with no managed delegate. Pattern ids
/// are rule indexes. Hyperscan decides which rules match; only for those (rare on real traffic) the rule's own
/// regexes recover the exact spans, so both engines share one span semantics by construction and the differential
/// tests check what matters: Hyperscan never misses a rule the regexes match. Patterns compile in prefilter mode
/// (a superset match that Hyperscan can build for large bounded repeats, which exact mode refuses as "Pattern is too
/// large" or takes minutes to compile in UTF-8 mode); start-of-match tracking (SOM) is not used for the same reason.
/// </summary>
internal sealed unsafe class HyperscanEngine : IMatchEngine
{
    private readonly HsDatabaseHandle _block;
    private readonly HsDatabaseHandle _stream;
    private readonly ThreadLocal<HsScratchHandle> _scratch;

    private int* _rules;

    private HyperscanEngine(HsDatabaseHandle block, HsDatabaseHandle stream, Managed.ManagedEngine confirm, IReadOnlyList<CompiledPattern> patterns)
    {
        _rules = (int*)NativeMemory.Alloc((nuint)Math.Max(1, patterns.Count), sizeof(int));
        for (var i = 0; i < patterns.Count; i++)
        {
            _rules[i] = patterns[i].Rule;
        }

        _block = block;
        _stream = stream;
        Confirm = confirm;
        _scratch = new ThreadLocal<HsScratchHandle>(() => HsScratchHandle.Allocate(_block, _stream), trackAllValues: true);
    }

    public string Name => "hyperscan";

    /// <summary>The rules' regexes, used to recover spans for the rules Hyperscan reports.</summary>
    internal Managed.ManagedEngine Confirm { get; }

    internal nint StreamDatabase => _stream.DangerousGetHandle();

    internal HsScratchHandle Scratch => _scratch.Value!;

    /// <summary>Pattern id to rule index, for <see cref="HsCallbackContext.Rules"/>.</summary>
    internal int* RuleMap => _rules;

    /// <summary>Compiles the patterns; on failure every failing pattern is reported as (pattern index, message).</summary>
    public static HyperscanEngine? Compile(IReadOnlyList<CompiledPattern> patterns, Managed.ManagedEngine confirm, List<(int Pattern, string Message)> errors)
    {
        var block = CompileDatabase(patterns, HsNative.ModeBlock, errors);
        if (block is null)
        {
            return null;
        }

        var stream = CompileDatabase(patterns, HsNative.ModeStream, errors);
        if (stream is null)
        {
            block.Dispose();
            return null;
        }

        return new HyperscanEngine(block, stream, confirm, patterns);
    }

    private static HsDatabaseHandle? CompileDatabase(IReadOnlyList<CompiledPattern> patterns, uint mode, List<(int, string)> errors)
    {
        if (patterns.Count == 0)
        {
            errors.Add((-1, "no patterns to compile"));
            return null;
        }

        var db = TryCompile(patterns, 0, patterns.Count, mode, out var error, out var failed);
        if (db is not null)
        {
            return db;
        }

        if (failed < 0)
        {
            errors.Add((-1, error!));
            return null;
        }

        // Compile each pattern alone so every bad one is reported, not just the first.
        for (var i = 0; i < patterns.Count; i++)
        {
            var single = TryCompile(patterns, i, 1, mode, out var e, out _);
            if (single is null)
            {
                errors.Add((i, e!));
            }
            else
            {
                single.Dispose();
            }
        }

        return null;
    }

    private static HsDatabaseHandle? TryCompile(IReadOnlyList<CompiledPattern> patterns, int from, int count, uint mode, out string? error, out int failed)
    {
        var exprs = new nint[count];
        var flags = new uint[count];
        var ids = new uint[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                var p = patterns[from + i];
                exprs[i] = Marshal.StringToCoTaskMemUTF8(PrefilterExpression.Loosen(p.Pattern.Expression));
                flags[i] = HsNative.FlagPrefilter
                    | (p.Pattern.Caseless ? HsNative.FlagCaseless : 0)
                    | (p.Pattern.DotAll ? HsNative.FlagDotAll : 0)
                    | (p.Pattern.Multiline ? HsNative.FlagMultiline : 0);
                ids[i] = (uint)(from + i);
            }

            var key = HsDatabaseCache.Key(mode, exprs, flags, ids);
            if (HsDatabaseCache.TryLoad(key) is { } cached)
            {
                error = null;
                failed = -1;
                return cached;
            }

            fixed (nint* e = exprs)
            fixed (uint* f = flags)
            fixed (uint* d = ids)
            {
                var rc = HsNative.CompileMulti((byte**)e, f, d, (uint)count, mode, null, out var db, out var err);
                if (rc == HsNative.Success)
                {
                    error = null;
                    failed = -1;
                    var handle = HsDatabaseHandle.Wrap(db);
                    HsDatabaseCache.TrySave(key, handle);
                    return handle;
                }

                error = err is null ? "hs_compile_multi failed: " + rc.ToString(System.Globalization.CultureInfo.InvariantCulture) : Marshal.PtrToStringUTF8((nint)err->Message);
                failed = err is null ? -1 : err->Expression;
                if (err is not null)
                {
                    _ = HsNative.FreeCompileError(err);
                }

                return null;
            }
        }
        finally
        {
            foreach (var p in exprs)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    public void Scan(ReadOnlySpan<byte> utf8, MatchSink sink)
    {
        if (utf8.IsEmpty)
        {
            return;
        }

        var scratch = _scratch.Value!;
        var ctx = new HsCallbackContext { Sink = sink.Handle, Rules = _rules };
        var added = false;
        scratch.DangerousAddRef(ref added);
        try
        {
            fixed (byte* data = utf8)
            {
                var rc = HsNative.Scan(_block.DangerousGetHandle(), data, (uint)utf8.Length, 0, scratch.DangerousGetHandle(), &OnMatch, &ctx);
                if (rc != HsNative.Success)
                {
                    ThrowScanFailed(rc);
                }
            }
        }
        finally
        {
            if (added)
            {
                scratch.DangerousRelease();
            }
        }

        if (sink.FiredCount > 0)
        {
            Confirm.ScanRules(utf8, sink.FiredRules, sink);
        }
    }

    public IMatchStream OpenStream() => new HyperscanStream(this);

    [UnmanagedCallersOnly]
    internal static int OnMatch(uint id, ulong from, ulong to, uint flags, void* context)
    {
        var ctx = (HsCallbackContext*)context;
        var sink = Unsafe.As<MatchSink>(GCHandle.FromIntPtr(ctx->Sink).Target)!;
        sink.Fire(ctx->Rules[id]);
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowScanFailed(int rc) =>
        throw new InvalidOperationException("hyperscan scan failed: " + rc.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string? Version() => Marshal.PtrToStringUTF8((nint)HsNative.Version());

    public void Dispose()
    {
        foreach (var s in _scratch.Values)
        {
            s.Dispose();
        }

        _scratch.Dispose();
        _block.Dispose();
        _stream.Dispose();
        NativeMemory.Free(_rules);
        _rules = null;
    }
}
