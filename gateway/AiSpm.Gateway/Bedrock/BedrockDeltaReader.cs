using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using AiSpm.Gateway.Streaming;

namespace AiSpm.Gateway.Bedrock;

/// <summary>
/// Pulls model-written text out of one Bedrock stream event: a ConverseStream event (contentBlockDelta's
/// <c>delta.text</c>, <c>delta.toolUse.input</c>, <c>delta.reasoningContent.text</c>) or the decoded chunk of an
/// InvokeModelWithResponseStream (Anthropic <c>delta.text</c> / <c>partial_json</c> / <c>thinking</c>, Amazon Nova
/// <c>contentBlockDelta.delta.text</c>, Titan <c>outputText</c>, Meta <c>generation</c>, Mistral <c>outputs[].text</c>,
/// completion-style <c>completion</c>), and the name of a tool the model starts to call (ConverseStream and Nova
/// <c>contentBlockStart.start.toolUse.name</c>, Anthropic <c>content_block_start.content_block.name</c>).
/// </summary>
internal static class BedrockDeltaReader
{
    /// <summary>Returns false when the payload is not JSON.</summary>
    public static bool Read<TSink>(ReadOnlySpan<byte> json, ref TSink sink)
        where TSink : IDeltaSink
    {
        byte[]? rented = null;
        Span<byte> scratch = stackalloc byte[512];
        try
        {
            var reader = new Utf8JsonReader(json);
            // Depth at which a "name" is a tool's: directly inside "toolUse" or "content_block".
            var toolNameDepth = -1;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var textKey = IsTextKey(ref reader);
                var nameKey = !textKey && toolNameDepth == reader.CurrentDepth && reader.ValueTextEquals("name"u8);
                if (reader.ValueTextEquals("toolUse"u8) || reader.ValueTextEquals("content_block"u8))
                {
                    toolNameDepth = reader.CurrentDepth + 1;
                }

                if (!reader.Read())
                {
                    break;
                }

                if (!(textKey || nameKey) || reader.TokenType != JsonTokenType.String)
                {
                    continue;
                }

                var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                if (length > scratch.Length)
                {
                    if (rented is not null)
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }

                    rented = ArrayPool<byte>.Shared.Rent(length);
                    scratch = rented;
                }

                var written = reader.CopyString(scratch);
                if (textKey)
                {
                    sink.Text(scratch[..written]);
                }
                else
                {
                    sink.ToolCall(scratch[..written]);
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The <c>bytes</c> member of an InvokeModelWithResponseStream <c>chunk</c> event (a PayloadPart), base64-decoded
    /// into <paramref name="output"/>. False when the payload has none or it is not base64.
    /// </summary>
    public static bool TryDecodeChunk(ReadOnlySpan<byte> payload, IBufferWriter<byte> output)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("bytes"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
                    {
                        return false;
                    }

                    var encoded = reader.ValueSpan;
                    var span = output.GetSpan(Base64.GetMaxDecodedFromUtf8Length(encoded.Length));
                    if (Base64.DecodeFromUtf8(encoded, span, out _, out var written) != OperationStatus.Done)
                    {
                        return false;
                    }

                    output.Advance(written);
                    return true;
                }
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    private static bool IsTextKey(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("text"u8)
        || reader.ValueTextEquals("input"u8)
        || reader.ValueTextEquals("partial_json"u8)
        || reader.ValueTextEquals("thinking"u8)
        || reader.ValueTextEquals("outputText"u8)
        || reader.ValueTextEquals("generation"u8)
        || reader.ValueTextEquals("completion"u8);
}
