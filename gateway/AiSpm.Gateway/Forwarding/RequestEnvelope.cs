using System.Text.Json;

namespace AiSpm.Gateway.Forwarding;

/// <summary>
/// The top-level fields the gateway routes on, read in one validating pass over the body. The body itself is
/// forwarded as the bytes that came in.
/// </summary>
internal ref struct RequestEnvelope
{
    public const int MaxModelLength = 256;

    public int ModelLength;
    public bool Stream;
    public bool HasModel;

    /// <summary>Validates the whole body as JSON and copies the model name into <paramref name="model"/>.</summary>
    public static RequestEnvelopeStatus TryRead(ReadOnlySpan<byte> body, Span<char> model, out RequestEnvelope envelope)
    {
        envelope = default;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 128 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return RequestEnvelopeStatus.NotAnObject;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
                {
                    break;
                }

                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && (reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) <= MaxModelLength * 6)
                    {
                        var written = reader.CopyString(model);
                        envelope.ModelLength = written;
                        envelope.HasModel = written > 0;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    envelope.Stream = reader.TokenType == JsonTokenType.True;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // Anything after the closing brace other than white space is malformed.
            return reader.Read() ? RequestEnvelopeStatus.InvalidJson : RequestEnvelopeStatus.Ok;
        }
        catch (JsonException)
        {
            return RequestEnvelopeStatus.InvalidJson;
        }
        catch (ArgumentException)
        {
            // CopyString into a span that is too small: the model name is longer than any real one.
            return RequestEnvelopeStatus.InvalidJson;
        }
        catch (InvalidOperationException)
        {
            // The reader validates structure, not text: a model name that is not UTF-8 (or escapes a lone
            // surrogate) only fails when it is transcoded. Found by RequestEnvelopeFuzzTests.
            return RequestEnvelopeStatus.InvalidJson;
        }
    }
}
