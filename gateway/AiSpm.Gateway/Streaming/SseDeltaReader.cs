using System.Buffers;
using System.Text.Json;

namespace AiSpm.Gateway.Streaming;

/// <summary>
/// Pulls model-written text out of one SSE data payload of any supported API: OpenAI chat chunks
/// (choices[].delta.content, tool_calls[].function.arguments), completions (choices[].text), the Responses API
/// (response.*.delta), Anthropic (content_block_delta text / partial_json) and the Assistants API
/// (thread.message.delta content[].text.value), plus tool-call names.
/// Generic over the sink so the JIT devirtualizes the calls.
/// </summary>
internal static class SseDeltaReader
{
    /// <summary>Returns false when the payload is not JSON (the caller decides what that means).</summary>
    public static bool Read<TSink>(ReadOnlySpan<byte> data, ref TSink sink)
        where TSink : IDeltaSink
    {
        if (data.IsEmpty || data.SequenceEqual("[DONE]"u8))
        {
            return true;
        }

        byte[]? rented = null;
        Span<byte> scratch = stackalloc byte[512];
        try
        {
            var reader = new Utf8JsonReader(data);
            // Depth at which a "name" is a tool name: inside "function", "content_block" (tool_use) or "item" (function_call).
            var toolNameDepth = -1;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                if (reader.CurrentDepth == 1 && reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && IsSummaryEvent(reader.ValueSpan))
                    {
                        // Summaries repeat text already streamed as deltas; scanning them again would double it.
                        return true;
                    }

                    continue;
                }

                var textKey = IsTextKey(ref reader);
                var nameKey = !textKey && toolNameDepth == reader.CurrentDepth && reader.ValueTextEquals("name"u8);
                if (reader.ValueTextEquals("function"u8) || reader.ValueTextEquals("content_block"u8) || reader.ValueTextEquals("item"u8))
                {
                    toolNameDepth = reader.CurrentDepth + 1;
                }

                if (!reader.Read())
                {
                    break;
                }

                if ((textKey || nameKey) && reader.TokenType == JsonTokenType.String)
                {
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
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // A key or value that is not UTF-8, or escapes a lone surrogate: well-formed to the reader until it is
            // compared or transcoded. Not JSON a provider would send, so it is treated like any non-JSON payload.
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

    private static bool IsSummaryEvent(ReadOnlySpan<byte> type) =>
        type.EndsWith(".done"u8)
        || type.SequenceEqual("response.completed"u8)
        || type.SequenceEqual("response.created"u8)
        || type.SequenceEqual("response.in_progress"u8)
        || type.SequenceEqual("response.incomplete"u8)
        || type.SequenceEqual("response.failed"u8);

    // Reasoning streams under several names: reasoning_content (DeepSeek, LiteLLM), reasoning (OpenRouter, vLLM),
    // thinking (Anthropic thinking_delta); an audio reply's words under transcript.
    private static bool IsTextKey(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("content"u8)
        || reader.ValueTextEquals("text"u8)
        || reader.ValueTextEquals("reasoning_content"u8)
        || reader.ValueTextEquals("reasoning"u8)
        || reader.ValueTextEquals("thinking"u8)
        || reader.ValueTextEquals("transcript"u8)
        || reader.ValueTextEquals("arguments"u8)
        || reader.ValueTextEquals("partial_json"u8)
        || reader.ValueTextEquals("delta"u8)
        || reader.ValueTextEquals("refusal"u8)
        || reader.ValueTextEquals("value"u8);
}
