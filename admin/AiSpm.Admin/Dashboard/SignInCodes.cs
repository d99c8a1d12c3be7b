using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AiSpm.Admin.Dashboard;

/// <summary>
/// One-time sign-in codes for the dashboard under local auth (as Jupyter's token URL, but single use): a code is
/// redeemed once for the session token and expires after <see cref="Lifetime"/> whether used or not.
/// </summary>
internal sealed class SignInCodes(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Codes outstanding at once; issuing past it drops the expired ones first, then refuses.</summary>
    public const int MaxOutstanding = 64;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _codes = new(StringComparer.Ordinal);

    public string? Issue()
    {
        var now = time.GetUtcNow();
        if (_codes.Count >= MaxOutstanding)
        {
            foreach (var (code, expires) in _codes)
            {
                if (expires <= now)
                {
                    _codes.TryRemove(code, out _);
                }
            }

            if (_codes.Count >= MaxOutstanding)
            {
                return null;
            }
        }

        var value = Base64Url(RandomNumberGenerator.GetBytes(24));
        _codes[value] = now + Lifetime;
        return value;
    }

    /// <summary>True exactly once per issued, unexpired code.</summary>
    public bool TryRedeem(string? code) =>
        code is { Length: > 0 and <= 64 } && _codes.TryRemove(code, out var expires) && expires > time.GetUtcNow();

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
