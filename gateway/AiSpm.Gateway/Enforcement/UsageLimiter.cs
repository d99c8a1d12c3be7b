using System.Collections.Concurrent;
using AiSpm.Contracts;

namespace AiSpm.Gateway.Enforcement;

/// <summary>
/// The rate and token_volume detectors: requests per minute per key, team or model, and model tokens per minute per
/// key, from the limits in the policy in force. Buckets are keyed by limit and value, so a policy change that alters
/// a limit starts fresh buckets for it.
/// </summary>
internal sealed class UsageLimiter(PolicyState policy)
{
    private const int MaxBuckets = 100_000;
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes one request from every matching rate limit; returns the first limit that is exhausted, or null.</summary>
    public RateLimit? TryAcquireRequest(RequestIdentity identity, string? model)
    {
        var limits = policy.Current.RateLimits;
        foreach (var limit in limits)
        {
            var value = limit.Scope switch
            {
                LimitScope.Key => identity.KeyAlias,
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
        if (identity.KeyAlias is not { } key)
        {
            return null;
        }

        foreach (var limit in policy.Current.TokenLimits)
        {
            if (Glob.Matches(limit.Key, key) && _buckets.TryGetValue(TokenKey(limit, key), out var bucket) && bucket.IsExhausted)
            {
                return limit;
            }
        }

        return null;
    }

    /// <summary>Charges the tokens a response used to every matching token limit of the key.</summary>
    public void ChargeTokens(RequestIdentity identity, long tokens)
    {
        if (identity.KeyAlias is not { } key || tokens <= 0)
        {
            return;
        }

        foreach (var limit in policy.Current.TokenLimits)
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
        if (_buckets.Count > MaxBuckets)
        {
            // A flood of distinct keys must not grow memory without bound; starting buckets over is the safe loss.
            _buckets.Clear();
        }

        return _buckets.GetOrAdd(name, static (_, c) => new TokenBucket(c), capacity);
    }
}
