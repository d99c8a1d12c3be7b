using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AiSpm.Gateway.RulePacks;

/// <summary>
/// A digest of the rules folder's pack files (names and bytes). Content rather than timestamps, so a touch or a
/// rewrite with the same bytes never costs a recompile, and an edit within one timestamp tick is never missed.
/// </summary>
internal static class RulesFingerprint
{
    /// <summary>The folder's digest; 0 when it does not exist; null when a file could not be read this time.</summary>
    public static ulong? Compute(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        try
        {
            var files = Directory.GetFiles(directory, "*.json");
            Array.Sort(files, StringComparer.Ordinal);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> length = stackalloc byte[8];
            foreach (var file in files)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
                var bytes = File.ReadAllBytes(file);
                BinaryPrimitives.WriteInt64LittleEndian(length, bytes.LongLength);
                hash.AppendData(length);
                hash.AppendData(bytes);
            }

            Span<byte> digest = stackalloc byte[32];
            hash.GetHashAndReset(digest);
            // 0 means "no folder"; a real digest that happens to be 0 is moved off it.
            var value = BinaryPrimitives.ReadUInt64LittleEndian(digest);
            return value is 0 ? 1 : value;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file renamed or half-written by an editor mid-listing: the next event or poll reads it again.
            return null;
        }
    }
}
