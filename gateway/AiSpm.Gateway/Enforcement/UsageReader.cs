using System.Text.Json;

namespace AiSpm.Gateway.Enforcement;

/// <summary>Reads token usage from a response body: OpenAI total_tokens, or Anthropic/Responses input + output tokens.</summary>
internal static class UsageReader
{
    public static long TotalTokens(ReadOnlySpan<byte> body)
    {
        var (input, output, total) = Read(body);
        return total > 0 ? total : input + output;
    }

    /// <summary>Input, output and total tokens as the body states them (0 where it does not).</summary>
    public static (long Input, long Output, long Total) Read(ReadOnlySpan<byte> body)
    {
        long total = 0, input = 0, output = 0;
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                ref var target = ref total;
                if (reader.ValueTextEquals("total_tokens"u8))
                {
                    target = ref total;
                }
                else if (reader.ValueTextEquals("input_tokens"u8) || reader.ValueTextEquals("prompt_tokens"u8))
                {
                    target = ref input;
                }
                else if (reader.ValueTextEquals("output_tokens"u8) || reader.ValueTextEquals("completion_tokens"u8))
                {
                    target = ref output;
                }
                else
                {
                    continue;
                }

                if (reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && target == 0)
                {
                    target = value;
                }
            }
        }
        catch (JsonException)
        {
            // A body that is not JSON has no usage to read.
        }

        return (input, output, total);
    }
}
