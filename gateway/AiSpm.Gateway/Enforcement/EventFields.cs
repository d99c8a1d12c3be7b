using System.Security.Cryptography;
using System.Text;

namespace AiSpm.Gateway.Enforcement;

/// <summary>
/// Bounds the client-supplied values an event carries, so no request can make the admin service refuse an event: names
/// longer than the admin's 256-character limit are cut with a marker, and ids that are not well formed (W3C
/// traceparent, X-Ray trace id, a request or call id of token characters) are replaced by a hash of what was sent, so
/// the value can still be matched against a log without being stored.
/// </summary>
internal static class EventFields
{
    /// <summary>The admin's limit for names and ids (<c>EventValidator.MaxName</c>).</summary>
    public const int MaxName = 256;

    /// <summary>Longest request or call id kept as sent; a longer one is hashed.</summary>
    public const int MaxId = 128;

    public const string TruncatedMarker = "…[truncated]";

    /// <summary>Prefix of a replaced id: <c>sha256:</c> and the first 16 bytes of the SHA-256 of the value sent, in hex.</summary>
    public const string HashPrefix = "sha256:";

    public static string? Name(string? value) => value is null || value.Length <= MaxName ? value : Truncate(value);

    /// <summary>A request or call id: 1-128 of A-Z a-z 0-9 and <c>- _ . :</c>.</summary>
    public static string? Id(string? value) => value is null || IsToken(value, MaxId, allowTraceSeparators: false) ? value : Hashed(value);

    /// <summary>A W3C traceparent: <c>version-traceid-parentid-flags</c> in lower-case hex, ids not all zero.</summary>
    public static string? TraceParent(string? value) => value is null || IsTraceParent(value) ? value : Hashed(value);

    /// <summary>An AWS X-Ray header: <c>Root=1-...;Parent=...;Sampled=1</c>, token characters plus <c>= ;</c>.</summary>
    public static string? AmznTraceId(string? value) => value is null || IsToken(value, MaxName, allowTraceSeparators: true) ? value : Hashed(value);

    internal static bool IsTraceParent(ReadOnlySpan<char> value)
    {
        // Version 00 is exactly 55 characters; a later version may append fields after a '-' (W3C trace-context 4.3).
        if (value.Length < 55 || (value.Length > 55 && value[55] != '-') || value.Length > MaxName
            || value[2] != '-' || value[35] != '-' || value[52] != '-')
        {
            return false;
        }

        var version = value[..2];
        var traceId = value.Slice(3, 32);
        var parentId = value.Slice(36, 16);
        var flags = value.Slice(53, 2);
        return IsLowerHex(version) && IsLowerHex(traceId) && IsLowerHex(parentId) && IsLowerHex(flags)
            && !version.SequenceEqual("ff") && (!version.SequenceEqual("00") || value.Length == 55)
            && traceId.ContainsAnyExcept('0') && parentId.ContainsAnyExcept('0');
    }

    private static bool IsLowerHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsToken(ReadOnlySpan<char> value, int max, bool allowTraceSeparators)
    {
        if (value.IsEmpty || value.Length > max)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or ':') && !(allowTraceSeparators && c is '=' or ';'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Truncate(string value)
    {
        var keep = MaxName - TruncatedMarker.Length;
        if (char.IsHighSurrogate(value[keep - 1]))
        {
            // Never cut a surrogate pair in half: the stored string stays valid UTF-16.
            keep--;
        }

        return string.Concat(value.AsSpan(0, keep), TruncatedMarker);
    }

    private static string Hashed(string value)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        return string.Concat(HashPrefix, Convert.ToHexStringLower(hash[..16]));
    }
}
