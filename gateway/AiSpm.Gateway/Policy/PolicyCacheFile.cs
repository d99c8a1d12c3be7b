using System.Security.Cryptography;
using System.Text;
using AiSpm.Gateway.Storage;

namespace AiSpm.Gateway.Policy;

/// <summary>
/// The last good policy on disk, sealed so a changed file is not believed at start-up: a first line holding an
/// HMAC-SHA256 of the policy keyed with the gateway's admin token (<c>hmac-sha256:HEX</c>), or its SHA-256 when the
/// gateway has no token (<c>sha256:HEX</c>, which catches corruption but not a forger), then the policy JSON. Written
/// owner-only, through a temporary file and a rename.
/// </summary>
internal static class PolicyCacheFile
{
    private const string HmacPrefix = "hmac-sha256:";
    private const string HashPrefix = "sha256:";

    public static void Write(string path, ReadOnlySpan<byte> json, string? token)
    {
        var seal = Encoding.ASCII.GetBytes(Seal(json, token) + "\n");
        var bytes = new byte[seal.Length + json.Length];
        seal.CopyTo(bytes, 0);
        json.CopyTo(bytes.AsSpan(seal.Length));
        var tmp = path + ".tmp";
        PrivateFiles.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>The policy JSON, or null with the reason when the file is unsealed or its seal does not match.</summary>
    public static byte[]? Read(string path, string? token, out string? problem)
    {
        var bytes = File.ReadAllBytes(path);
        var newline = Array.IndexOf(bytes, (byte)'\n');
        if (newline < 0)
        {
            problem = "it has no seal line (written by an older gateway, or not by a gateway)";
            return null;
        }

        var seal = Encoding.ASCII.GetString(bytes, 0, newline);
        var json = bytes.AsSpan(newline + 1);
        var expected = Seal(json, token);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(seal), Encoding.ASCII.GetBytes(expected)))
        {
            problem = seal.StartsWith(HmacPrefix, StringComparison.Ordinal) != expected.StartsWith(HmacPrefix, StringComparison.Ordinal)
                ? "it was sealed " + (token is null ? "with" : "without") + " an admin token and this gateway has " + (token is null ? "none" : "one")
                : "its content does not match its seal (changed after the gateway wrote it)";
            return null;
        }

        problem = null;
        return json.ToArray();
    }

    private static string Seal(ReadOnlySpan<byte> json, string? token)
    {
        Span<byte> mac = stackalloc byte[32];
        if (token is null)
        {
            SHA256.HashData(json, mac);
            return HashPrefix + Convert.ToHexStringLower(mac);
        }

        HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), json, mac);
        return HmacPrefix + Convert.ToHexStringLower(mac);
    }
}
