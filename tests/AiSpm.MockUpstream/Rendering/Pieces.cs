using System.Globalization;
using System.Text;

namespace AiSpm.MockUpstream.Rendering;

/// <summary>The deterministic pieces of generated text: token i is "tok{i} ", or a fixed content split into chunks.</summary>
internal static class Pieces
{
    public static string[] For(in RenderInput input)
    {
        if (input.Content is null)
        {
            var tokens = new string[input.Tokens];
            for (var i = 0; i < tokens.Length; i++)
            {
                tokens[i] = string.Create(CultureInfo.InvariantCulture, $"tok{i} ");
            }

            return tokens;
        }

        return Split(input.Content, Math.Max(1, input.ChunkBytes));
    }

    /// <summary>Splits text into pieces of at most <paramref name="chunkBytes"/> UTF-8 bytes, never inside a character.</summary>
    public static string[] Split(string content, int chunkBytes)
    {
        if (content.Length == 0)
        {
            return [];
        }

        var pieces = new List<string>();
        var start = 0;
        var bytes = 0;
        for (var i = 0; i < content.Length;)
        {
            var width = char.IsHighSurrogate(content[i]) && i + 1 < content.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(content.AsSpan(i, width));
            if (bytes > 0 && bytes + size > chunkBytes)
            {
                pieces.Add(content[start..i]);
                start = i;
                bytes = 0;
            }

            bytes += size;
            i += width;
        }

        pieces.Add(content[start..]);
        return [.. pieces];
    }

    public static string Join(string[] pieces) => string.Concat(pieces);

    /// <summary>Tool-call arguments as a JSON document, streamed in pieces: {"text":"..."}.</summary>
    public static string[] ArgumentPieces(string[] pieces)
    {
        var args = new string[pieces.Length + 2];
        args[0] = "{\"text\":\"";
        for (var i = 0; i < pieces.Length; i++)
        {
            var encoded = System.Text.Json.JsonEncodedText.Encode(pieces[i], System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
            args[i + 1] = encoded.Value;
        }

        args[^1] = "\"}";
        return args;
    }
}
