using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AiSpm.Admin.Sinks;

/// <summary>
/// HMAC-SHA256 over "{timestamp}.{body}", as Stripe and Slack sign: the timestamp is inside the MAC, so a receiver
/// that refuses old timestamps refuses a replayed request too, and the "v1=" prefix leaves room for a new scheme.
/// </summary>
internal static class WebhookSignature
{
    public const string TimestampHeader = "X-AiSpm-Timestamp";
    public const string SignatureHeader = "X-AiSpm-Signature";
    public const string DeliveryHeader = "X-AiSpm-Delivery";

    public static string Sign(ReadOnlySpan<byte> secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        Span<byte> mac = stackalloc byte[32];
        hmac.GetHashAndReset(mac);
        return "v1=" + Convert.ToHexStringLower(mac);
    }
}
