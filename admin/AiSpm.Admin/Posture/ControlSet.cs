using AiSpm.Admin.Storage.Posture;
using AiSpm.Posture.Controls;
using AiSpm.Rego;

namespace AiSpm.Admin.Posture;

/// <summary>
/// The controls in force: the built-in ones, loaded once at start (a refused one is logged with file, line and reason
/// and left out), and the custom ones of the store, compiled once per version. Custom controls are read from the store
/// on every evaluation, so a control another replica stored is in force here too.
/// </summary>
internal sealed partial class ControlSet
{
    private readonly IReadOnlyList<Control> _builtIn;
    private readonly IReadOnlyList<RegoSource> _lib;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LoadedControl> _custom = new(StringComparer.Ordinal);
    private readonly ILogger<ControlSet> _logger;

    public ControlSet(PostureSettings settings, ILogger<ControlSet> logger)
    {
        _logger = logger;
        if (settings.ControlsDirectory is not { } dir)
        {
            _builtIn = [];
            _lib = [];
            BuiltInErrors = [];
            return;
        }

        var catalog = ControlLoader.LoadDirectory(dir);
        _builtIn = catalog.Controls;
        BuiltInErrors = catalog.Errors;
        foreach (var e in catalog.Errors)
        {
            Log.BuiltInRefused(logger, e.File, e.Line, e.Reason);
        }

        var lib = new List<RegoSource>();
        var libDir = Path.Combine(dir, "lib");
        if (Directory.Exists(libDir))
        {
            foreach (var f in Directory.EnumerateFiles(libDir, "*.rego").Order(StringComparer.Ordinal))
            {
                if (!f.EndsWith("_test.rego", StringComparison.Ordinal))
                {
                    lib.Add(new RegoSource(f, File.ReadAllText(f)));
                }
            }
        }

        _lib = lib;
    }

    public IReadOnlyList<ControlLoadError> BuiltInErrors { get; }

    public bool IsBuiltIn(string id) => _builtIn.Any(c => c.Metadata.Id == id);

    /// <summary>Compiles a custom control with the built-ins' helper library, running its tests; refused with file, line and reason.</summary>
    public (Control? Control, ControlLoadError? Error) Compile(string id, string rego, string? test) =>
        ControlLoader.Load(new RegoSource("custom/" + id + ".rego", rego), test is null ? null : new RegoSource("custom/" + id + "_test.rego", test), _lib);

    /// <summary>Every control in force, built-in ones first, each group by id.</summary>
    public async Task<IReadOnlyList<LoadedControl>> CurrentAsync(IPostureStore store, CancellationToken cancellationToken)
    {
        var all = new List<LoadedControl>(_builtIn.Count + 8);
        foreach (var c in _builtIn.OrderBy(c => c.Metadata.Id, StringComparer.Ordinal))
        {
            all.Add(new LoadedControl(c, true, null, null, null, null));
        }

        foreach (var stored in await store.ListControlsAsync(cancellationToken))
        {
            if (Custom(stored) is { } loaded)
            {
                all.Add(loaded);
            }
        }

        return all;
    }

    private LoadedControl? Custom(StoredControl stored)
    {
        lock (_lock)
        {
            if (_custom.TryGetValue(stored.Id, out var cached) && cached.Version == stored.Version)
            {
                return cached;
            }
        }

        var (control, error) = Compile(stored.Id, stored.Rego, stored.Test);
        if (control is null)
        {
            // Stored versions were accepted when they were put; one that no longer compiles (the helper library
            // changed under it) keeps the last version that did.
            Log.CustomRefused(_logger, stored.Id, stored.Version, error!.Line, error.Reason);
            lock (_lock)
            {
                return _custom.GetValueOrDefault(stored.Id);
            }
        }

        var loaded = new LoadedControl(control, false, stored.Version, stored.Test, stored.By, stored.At);
        lock (_lock)
        {
            _custom[stored.Id] = loaded;
        }

        return loaded;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 90, EventName = "PostureBuiltInRefused", Level = LogLevel.Error, Message = "posture: built-in control refused: {File}:{Line}: {Reason}")]
        public static partial void BuiltInRefused(ILogger logger, string file, int line, string reason);

        [LoggerMessage(EventId = 91, EventName = "PostureCustomRefused", Level = LogLevel.Error,
            Message = "posture: stored control {ControlId} version {Version} no longer loads (line {Line}: {Reason}); the last version that loaded stays in force")]
        public static partial void CustomRefused(ILogger logger, string controlId, long version, int line, string reason);
    }
}
