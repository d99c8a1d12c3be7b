namespace AiSpm.Rego.Builtins;

/// <summary>What built-ins may see of the running evaluation: the fixed clock of this evaluation and its output sink.</summary>
internal sealed class EvalContext
{
    public long NowNs { get; private set; } = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    public TextWriter? PrintSink { get; set; }

    private Dictionary<string, long>? _random;

    /// <summary>Starts a new evaluation on a reused context: a new clock reading, no sink, no cached random numbers.</summary>
    public void Reset()
    {
        NowNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        PrintSink = null;
        _random?.Clear();
    }

    /// <summary>rand.intn: the same key gives the same number within one evaluation, as OPA caches it.</summary>
    public long RandomFor(string key, long max)
    {
        _random ??= new Dictionary<string, long>(StringComparer.Ordinal);
        if (!_random.TryGetValue(key, out var v))
        {
            v = Random.Shared.NextInt64(max);
            _random[key] = v;
        }

        return v;
    }
}
