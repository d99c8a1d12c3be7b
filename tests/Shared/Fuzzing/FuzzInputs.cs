using System.Globalization;
using System.Text;
using CsCheck;

namespace AiSpm.Testing.Fuzzing;

/// <summary>
/// Inputs for the parsers that read untrusted bytes: real-shaped seeds, mutated the way broken clients, hostile
/// clients and truncated networks mutate them. The mutations are drawn as plain integers, so CsCheck shrinks a
/// failing input to the fewest, smallest edits of one seed.
/// </summary>
internal static class FuzzInputs
{
    /// <summary>Inputs per parser: 10,000 inside <c>./aispm test</c>; <c>./aispm fuzz</c> raises it.</summary>
    public static long Iterations { get; } =
        long.TryParse(Environment.GetEnvironmentVariable("AISPM_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : 10_000;

    // Tokens that break JSON and text parsers in interesting ways: structure, escapes, lone surrogates, invalid
    // UTF-8, huge numbers, deep nesting, line endings that SSE treats differently.
    private static readonly byte[][] Tokens =
    [
        "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), "\""u8.ToArray(), "\\"u8.ToArray(),
        ","u8.ToArray(), ":"u8.ToArray(), "null"u8.ToArray(), "true"u8.ToArray(), "1e999"u8.ToArray(), "-0"u8.ToArray(),
        "\\u0000"u8.ToArray(), "\\ud800"u8.ToArray(), "\\udfff\\ud800"u8.ToArray(), [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xFF], [0xF4, 0x90, 0x80, 0x80],
        [0xE2, 0x80], "\r"u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), "\n\n"u8.ToArray(), "data: "u8.ToArray(), "data:"u8.ToArray(),
        "event: x\n"u8.ToArray(), ": c\n"u8.ToArray(), "[DONE]"u8.ToArray(), "\"model\":"u8.ToArray(), "\"content\":"u8.ToArray(),
        "\"stream\":true"u8.ToArray(), "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]"u8.ToArray(),
        Encoding.UTF8.GetBytes(new string('[', 200)), Encoding.UTF8.GetBytes(new string('{', 70).Replace("{", "{\"a\":")),
        Encoding.UTF8.GetBytes(new string('a', 300)), "\u202e\u200b\ufeff"u8.ToArray(), "%2F"u8.ToArray(),
    ];

    /// <summary>A seed with zero to eight edits (flip, insert a token, delete, truncate, repeat a stretch).</summary>
    public static Gen<byte[]> Mutated(IReadOnlyList<string> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int[0, int.MaxValue].Array[0, 8], Gen.Int[0, 9], (seed, edits, kind) =>
            kind == 0 ? RandomBytes(edits) : Mutate(Encoding.UTF8.GetBytes(seeds[seed]), edits));

    /// <summary>Bytes with no seed at all: what a port scanner or a wrong protocol sends.</summary>
    private static byte[] RandomBytes(int[] edits)
    {
        var bytes = new byte[edits.Length * 4];
        for (var i = 0; i < edits.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), edits[i]);
        }

        return bytes;
    }

    private static byte[] Mutate(byte[] input, int[] edits)
    {
        var bytes = new List<byte>(input);
        foreach (var edit in edits)
        {
            var at = bytes.Count == 0 ? 0 : (edit >> 8) % (bytes.Count + 1);
            switch (edit & 0x7)
            {
                case 0 when at < bytes.Count:
                    bytes[at] ^= (byte)(1 << ((edit >> 4) & 0x7));
                    break;
                case 1:
                case 2:
                    bytes.InsertRange(at, Tokens[(edit >> 3) % Tokens.Length]);
                    break;
                case 3 when at < bytes.Count:
                    bytes.RemoveRange(at, Math.Min(1 + ((edit >> 4) & 0xF), bytes.Count - at));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5 when at < bytes.Count:
                    var length = Math.Min(1 + ((edit >> 4) & 0x3F), bytes.Count - at);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                default:
                    bytes.Insert(at, (byte)(edit >> 16));
                    break;
            }
        }

        return [.. bytes];
    }
}
