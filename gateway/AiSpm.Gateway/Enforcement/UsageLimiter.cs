using System.Collections.Concurrent;
using AiSpm.Contracts;

namespace AiSpm.Gateway.Enforcement;

/// <summary>
/// The rate and token_volume detectors: requests per minute per key, team or model, and model tokens per minute per
/// key, from the limits in the policy in force. Buckets are keyed by limit and value, so a policy change that alters
/// a limit starts fresh buckets for it.
/// </summary>
internal sealed class UsageLimiter
{
    /// <summary>
    /// The key value of requests without a key: they share one bucket in key-scoped limits (matched by <c>*</c> or by
    /// this name), so leaving the key out is not a way around a per-key limit.
    /// </summary>
    public const string AnonymousKey = "(anonymous)";

    private const int DefaultMaxBuckets = 100_000;
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _evictGate = new();
    private readonly PolicyState _policy;
    private readonly int _maxBuckets;
    private long _clock;

    public UsageLimiter(PolicyState policy)
        : this(policy, DefaultMaxBuckets)
    {
    }

    /// <param name="maxBuckets">Buckets kept; past it the least recently used tenth is evicted.</param>
    internal UsageLimiter(PolicyState policy, int maxBuckets)
    {
        _policy = policy;
        _maxBuckets = maxBuckets;
    }

    /// <summary>Buckets held now (for tests).</summary>
    internal int BucketCount => _buckets.Count;

    /// <summary>Takes one request from every matching rate limit; returns the first limit that is exhausted, or null.</summary>
    public RateLimit? TryAcquireRequest(RequestIdentity identity, string? model)
    {
        var limits = _policy.Current.RateLimits;
        foreach (var limit in limits)
        {
            var value = limit.Scope switch
            {
                LimitScope.Key => identity.KeyAlias ?? AnonymousKey,
                LimitScope.Team => identity.Team,
                _ => model,
            };
            if (value is null || !Glob.Matches(limit.Match, value))
            {
                continue;
            }

            var bucket = Bucket($"rate|{limit.Scope}|{limit.Match}|{limit.RequestsPerMinute}|{value}", limit.RequestsPerMinute);
            if (!bucket.TryTake(1))
            {
                return limit;
            }
        }

        return null;
    }

    /// <summary>The first token limit this key has used up, or null.</summary>
    public TokenLimit? ExhaustedTokenLimit(RequestIdentity identity)
    {
        var key = identity.KeyAlias ?? AnonymousKey;
        foreach (var limit in _policy.Current.TokenLimits)
        {
            if (Glob.Matches(limit.Key, key) && _buckets.TryGetValue(TokenKey(limit, key), out var bucket))
            {
                bucket.LastUsed = Interlocked.Increment(ref _clock);
                if (bucket.IsExhausted)
                {
                    return limit;
                }
            }
        }

        return null;
    }

    /// <summary>Charges the tokens a response used to every matching token limit of the key.</summary>
    public void ChargeTokens(RequestIdentity identity, long tokens)
    {
        var key = identity.KeyAlias ?? AnonymousKey;
        if (tokens <= 0)
        {
            return;
        }

        foreach (var limit in _policy.Current.TokenLimits)
        {
            if (Glob.Matches(limit.Key, key))
            {
                Bucket(TokenKey(limit, key), limit.TokensPerMinute).Charge(tokens);
            }
        }
    }

    private static string TokenKey(TokenLimit limit, string key) => $"tokens|{limit.Key}|{limit.TokensPerMinute}|{key}";

    private TokenBucket Bucket(string name, double capacity)
    {
        var bucket = _buckets.GetOrAdd(name, static (_, c) => new TokenBucket(c), capacity);
        bucket.LastUsed = Interlocked.Increment(ref _clock);
        if (_buckets.Count > _maxBuckets)
        {
            EvictLeastRecentlyUsed();
        }

        return bucket;
    }

    /// <summary>
    /// A flood of distinct keys must not grow memory without bound, nor reset the buckets of the keys in use (which
    /// clearing them all did): the least recently used tenth goes, in one pass, so the sort is paid once per
    /// <c>maxBuckets / 10</c> new keys.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void EvictLeastRecentlyUsed()
    {
        lock (_evictGate)
        {
            var excess = _buckets.Count - (_maxBuckets - (_maxBuckets / 10));
            if (_buckets.Count <= _maxBuckets || excess <= 0)
            {
                return;
            }

            var entries = _buckets.ToArray();
            var order = new long[entries.Length];
            for (var i = 0; i < entries.Length; i++)
            {
                order[i] = entries[i].Value.LastUsed;
            }

            Array.Sort(order, entries);
            for (var i = 0; i < excess && i < entries.Length; i++)
            {
                _buckets.TryRemove(entries[i]);
            }
        }
    }
}
