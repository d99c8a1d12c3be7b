using System.Buffers;
using System.Text.Json;

namespace AiSpm.Gateway.Bedrock.Guardrails;

/// <summary>
/// The texts of a Bedrock body that a guardrail checks, with their places, so masked outputs can replace them:
/// Converse <c>text</c> blocks (messages, system, tool results) and the prompt or output fields of the InvokeModel
/// families (<c>prompt</c>, <c>inputText</c>, <c>outputText</c>, <c>generation</c>, <c>completion</c>, string
/// <c>content</c> and <c>system</c>).
/// </summary>
internal static class BodyTexts
{
    public static List<TextSpan> Collect(ReadOnlySpan<byte> body)
    {
        var texts = new List<TextSpan>();
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            var textKey = false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    textKey = IsTextKey(ref reader);
                    continue;
                }

                if (reader.TokenType == JsonTokenType.String && textKey)
                {
                    texts.Add(new TextSpan((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, reader.GetString()!));
                }

                textKey = false;
            }
        }
        catch (JsonException)
        {
            texts.Clear();
        }

        return texts;
    }

    /// <summary>A copy of <paramref name="body"/> with each text replaced by its masked output where they differ.</summary>
    public static byte[] Replace(ReadOnlySpan<byte> body, List<TextSpan> texts, IReadOnlyList<string> outputs)
    {
        var output = new ArrayBufferWriter<byte>(body.Length + 64);
        var at = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var t = texts[i];
            if (string.Equals(t.Text, outputs[i], StringComparison.Ordinal))
            {
                continue;
            }

            output.Write(body[at..t.Start]);
            WriteEscaped(output, outputs[i]);
            at = t.Start + t.Length;
        }

        output.Write(body[at..]);
        return output.WrittenSpan.ToArray();
    }

    private static void WriteEscaped(ArrayBufferWriter<byte> output, string text)
    {
        // A JSON string of the text, without its quotes.
        var encoded = JsonEncodedText.Encode(text);
        output.Write(encoded.EncodedUtf8Bytes);
    }

    private static bool IsTextKey(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("text"u8)
        || reader.ValueTextEquals("prompt"u8)
        || reader.ValueTextEquals("inputText"u8)
        || reader.ValueTextEquals("outputText"u8)
        || reader.ValueTextEquals("generation"u8)
        || reader.ValueTextEquals("completion"u8)
        || reader.ValueTextEquals("content"u8)
        || reader.ValueTextEquals("system"u8);
}
