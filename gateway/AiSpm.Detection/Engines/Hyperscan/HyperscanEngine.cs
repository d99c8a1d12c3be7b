using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

using AiSpm.Detection.Engines.Pieces;

namespace AiSpm.Detection.Engines.Hyperscan;

/// <summary>
/// Hyperscan engine: block-mode databases per phase and a stream-mode one (byte mode), a scratch per thread, and an
/// unmanaged callback that marks literal pieces of the patterns (<see cref="PieceMap"/>) as seen in the thread's
/// <see cref="MatchSink"/> with no managed delegate. Hyperscan decides which patterns may match; only for those the
/// pattern's own regex recovers the exact spans, and on a long text only around where their pieces were reported
/// (<see cref="ConfirmationWindows"/>), so both engines share one span semantics by construction and the differential
/// tests check what matters: Hyperscan never misses a rule the regexes match. Patterns compile in prefilter mode
/// (a superset match that Hyperscan can build for large bounded repeats, which exact mode refuses as "Pattern is too
/// large" or takes minutes to compile in UTF-8 mode); start-of-match tracking (SOM) is not used for the same reason.
/// </summary>
internal sealed unsafe class HyperscanEngine : IMatchEngine
{
    private readonly HsDatabaseHandle _requestBlock;
    private readonly HsDatabaseHandle _responseBlock;
    private readonly HsDatabaseHandle _stream;
    private readonly ThreadLocal<HsScratchHandle> _scratch;
    private readonly ThreadLocal<MatchSink> _pieces;
    private readonly ThreadLocal<MatchSink> _candidates;
    private readonly ThreadLocal<PieceHits> _requestHits;
    private readonly ThreadLocal<PieceHits> _responseHits;
    private readonly ThreadLocal<ConfirmationWindows> _windows;
    private readonly PiecePlan _plan;

    private int* _identity;

    private HyperscanEngine(HsDatabaseHandle requestBlock, HsDatabaseHandle responseBlock, HsDatabaseHandle stream, Managed.ManagedEngine confirm)
    {
        _plan = confirm.Plan;

        // Hyperscan ids are piece indexes and the callback records pieces in a per-thread sink: an identity map.
        var pieces = Math.Max(1, Math.Max(_plan.Request.PieceCount, _plan.Response.PieceCount));
        _identity = (int*)NativeMemory.Alloc((nuint)pieces, sizeof(int));
        for (var i = 0; i < pieces; i++)
        {
            _identity[i] = i;
        }

        _requestBlock = requestBlock;
        _responseBlock = responseBlock;
        _stream = stream;
        Confirm = confirm;
        _scratch = new ThreadLocal<HsScratchHandle>(() => HsScratchHandle.Allocate(_requestBlock, _responseBlock, _stream), trackAllValues: true);
        _pieces = new ThreadLocal<MatchSink>(() => new MatchSink());
        _candidates = new ThreadLocal<MatchSink>(() => new MatchSink());
        _requestHits = new ThreadLocal<PieceHits>(() => new PieceHits());
        _responseHits = new ThreadLocal<PieceHits>(() => new PieceHits());
        _windows = new ThreadLocal<ConfirmationWindows>(() => new ConfirmationWindows());
    }

    public string Name => "hyperscan";

    /// <summary>The rules' regexes, used to recover spans for the rules Hyperscan reports.</summary>
    internal Managed.ManagedEngine Confirm { get; }

    internal nint StreamDatabase => _stream.DangerousGetHandle();

    internal HsScratchHandle Scratch => _scratch.Value!;

    /// <summary>Hyperscan id to piece index, for <see cref="HsCallbackContext.Rules"/>.</summary>
    internal int* RuleMap => _identity;

    /// <summary>Pieces of the patterns of response-phase rules; streams carry model output, so they use these.</summary>
    internal PieceMap ResponseMap => _plan.Response;

    internal int PatternCount => _plan.PatternCount;

    /// <summary>
    /// Compiles the patterns into a request and a response block database (a request never pays for insecure-output
    /// rules, nor a response for jailbreak rules) and a response stream database; on failure every failing pattern is
    /// reported as (pattern index, message).
    /// </summary>
    public static HyperscanEngine? Compile(IReadOnlyList<CompiledPattern> patterns, Managed.ManagedEngine confirm, List<(int Pattern, string Message)> errors)
    {
        var request = confirm.Plan.Request;
        var response = confirm.Plan.Response;
        // Three independent databases: compiled (tens of seconds cold) or loaded from the cache (most of start-up) in
        // parallel. Errors come from the first database that fails, so a bad pattern is reported once.
        var responseErrors = new List<(int, string)>();
        var streamErrors = new List<(int, string)>();
        var responseTask = Task.Run(() => CompileDatabase(patterns, response, HsNative.ModeBlock, responseErrors));
        var streamTask = Task.Run(() => CompileDatabase(patterns, response, HsNative.ModeStream, streamErrors));
        var requestErrors = new List<(int, string)>();
        var requestBlock = CompileDatabase(patterns, request, HsNative.ModeBlock, requestErrors);
        var responseBlock = responseTask.GetAwaiter().GetResult();
        var stream = streamTask.GetAwaiter().GetResult();
        if (requestBlock is null || responseBlock is null || stream is null)
        {
            errors.AddRange(requestErrors.Count > 0 ? requestErrors : responseErrors.Count > 0 ? responseErrors : streamErrors);
            requestBlock?.Dispose();
            responseBlock?.Dispose();
            stream?.Dispose();
            return null;
        }

        return new HyperscanEngine(requestBlock, responseBlock, stream, confirm);
    }

    private static HsDatabaseHandle? CompileDatabase(IReadOnlyList<CompiledPattern> patterns, PieceMap map, uint mode, List<(int, string)> errors)
    {
        if (map.PieceCount == 0)
        {
            // Hyperscan refuses an empty database; a phase without rules gets one pattern that cannot match.
            map = PieceMap.Never;
        }

        var db = TryCompile(map, mode, out var error, out var failed);
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
            var single = TryCompile(PieceMap.Build(patterns, [i]), mode, out var e, out _);
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

    private static HsDatabaseHandle? TryCompile(PieceMap map, uint mode, out string? error, out int failed)
    {
        var pieces = map.Pieces;
        var exprs = new nint[pieces.Count];
        var flags = new uint[pieces.Count];
        var ids = new uint[pieces.Count];
        try
        {
            for (var i = 0; i < pieces.Count; i++)
            {
                exprs[i] = Marshal.StringToCoTaskMemUTF8(pieces[i].Expression);
                // Block scans report every occurrence, so confirmation knows where pieces are (PieceHits); a stream
                // keeps single-match, since it only needs to know that a piece was seen.
                flags[i] = mode == HsNative.ModeBlock ? pieces[i].Flags & ~HsNative.FlagSingleMatch : pieces[i].Flags;
                ids[i] = (uint)i;
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
                var rc = HsNative.CompileMulti((byte**)e, f, d, (uint)pieces.Count, mode, null, out var db, out var err);
                if (rc == HsNative.Success)
                {
                    error = null;
                    failed = -1;
                    var handle = HsDatabaseHandle.Wrap(db);
                    HsDatabaseCache.TrySave(key, handle);
                    return handle;
                }

                error = err is null ? "hs_compile_multi failed: " + rc.ToString(System.Globalization.CultureInfo.InvariantCulture) : Marshal.PtrToStringUTF8((nint)err->Message);
                failed = err is null || err->Expression < 0 ? -1 : pieces[err->Expression].Pattern;
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

    public void Scan(ReadOnlySpan<byte> utf8, ScanPhase phase, MatchSink sink)
    {
        if (utf8.IsEmpty)
        {
            return;
        }

        var candidates = _candidates.Value!;
        FindCandidates(utf8, phase, candidates);
        if (candidates.FiredCount == 0)
        {
            return;
        }

        var windows = _windows.Value!;
        BuildWindows(utf8, phase, candidates, windows);
        Confirm.ScanWindows(utf8, windows.Items, sink);
    }

    /// <summary>
    /// How many patterns the piece databases make candidates on <paramref name="utf8"/> (normalized), without running
    /// their regexes: a measure of the prefilter's precision, since every candidate costs a confirmation pass.
    /// </summary>
    internal int CountCandidates(ReadOnlySpan<byte> utf8, ScanPhase phase)
    {
        var candidates = new MatchSink();
        FindCandidates(utf8, phase, candidates);
        return candidates.FiredCount;
    }

    /// <summary>
    /// How many bytes confirmation runs regexes over on <paramref name="utf8"/>, summed over candidate patterns: the
    /// text's length per candidate without windows, far less with them.
    /// </summary>
    internal long ConfirmedBytes(ReadOnlySpan<byte> utf8, ScanPhase phase)
    {
        var windows = new ConfirmationWindows();
        CollectWindows(utf8, phase, windows);
        long total = 0;
        foreach (var w in windows.Items)
        {
            total += w.End - w.Start;
        }

        return total;
    }

    /// <summary>The confirmation windows a scan of <paramref name="utf8"/> would run regexes over, for diagnostics.</summary>
    internal void CollectWindows(ReadOnlySpan<byte> utf8, ScanPhase phase, ConfirmationWindows windows)
    {
        var candidates = new MatchSink();
        FindCandidates(utf8, phase, candidates);
        BuildWindows(utf8, phase, candidates, windows);
    }

    private void BuildWindows(ReadOnlySpan<byte> utf8, ScanPhase phase, MatchSink candidates, ConfirmationWindows windows)
    {
        windows.Clear();
        _plan.AddWindows(utf8, phase, candidates, _requestHits.Value!, _responseHits.Value!, windows);
    }

    /// <summary>Runs the piece databases of <paramref name="phase"/> and fires, in <paramref name="candidates"/>, every pattern whose pieces all fired.</summary>
    private void FindCandidates(ReadOnlySpan<byte> utf8, ScanPhase phase, MatchSink candidates)
    {
        candidates.Reset(_plan.PatternCount);
        if ((phase & ScanPhase.Request) != 0)
        {
            ScanBlock(_requestBlock, _plan.Request, _requestHits.Value!, utf8, candidates);
        }

        if ((phase & ScanPhase.Response) != 0)
        {
            ScanBlock(_responseBlock, _plan.Response, _responseHits.Value!, utf8, candidates);
        }
    }

    private void ScanBlock(HsDatabaseHandle db, PieceMap map, PieceHits hits, ReadOnlySpan<byte> utf8, MatchSink candidates)
    {
        var scratch = _scratch.Value!;
        var pieces = _pieces.Value!;
        pieces.Reset(map.PieceCount);
        hits.Prepare(utf8.Length);
        var added = false;
        scratch.DangerousAddRef(ref added);
        int reported;
        try
        {
            fixed (byte* data = utf8)
            fixed (int* hitPieces = hits.PieceBuffer)
            fixed (int* hitEnds = hits.EndBuffer)
            {
                var ctx = new HsCallbackContext
                {
                    Sink = pieces.Handle,
                    Rules = _identity,
                    HitPieces = hitPieces,
                    HitEnds = hitEnds,
                    HitCapacity = hits.Capacity,
                };
                var rc = HsNative.Scan(db.DangerousGetHandle(), data, (uint)utf8.Length, 0, scratch.DangerousGetHandle(), &OnBlockMatch, &ctx);
                if (rc != HsNative.Success)
                {
                    ThrowScanFailed(rc);
                }

                reported = ctx.HitCount;
            }
        }
        finally
        {
            if (added)
            {
                scratch.DangerousRelease();
            }
        }

        hits.Complete(reported, map.PieceCount);
        foreach (var piece in hits.PieceBuffer.AsSpan(0, hits.Count))
        {
            pieces.Fire(piece);
        }

        if (pieces.FiredCount > 0)
        {
            map.Resolve(pieces, candidates);
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

    /// <summary>
    /// Block scans: records the piece and end of each report, and only past the buffer's capacity marks the piece in
    /// the sink directly (a GCHandle lookup per report), so candidates stay exact when positions overflow.
    /// </summary>
    [UnmanagedCallersOnly]
    private static int OnBlockMatch(uint id, ulong from, ulong to, uint flags, void* context)
    {
        var ctx = (HsCallbackContext*)context;
        var n = ctx->HitCount++;
        if (n < ctx->HitCapacity)
        {
            ctx->HitPieces[n] = ctx->Rules[id];
            ctx->HitEnds[n] = (int)to;
            return 0;
        }

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
        _pieces.Dispose();
        _candidates.Dispose();
        _requestHits.Dispose();
        _responseHits.Dispose();
        _windows.Dispose();
        _requestBlock.Dispose();
        _responseBlock.Dispose();
        _stream.Dispose();
        NativeMemory.Free(_identity);
        _identity = null;
    }
}
