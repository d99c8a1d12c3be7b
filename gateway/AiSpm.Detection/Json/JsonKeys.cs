using System.Text.Json;

namespace AiSpm.Detection.Json;

/// <summary>
/// Classifies property names of OpenAI (chat, completions, responses, embeddings) and Anthropic bodies: which values
/// are text the model reads or wrote, which are identifiers, and which name tools; and the tool members of Bedrock's
/// Converse shapes.
/// </summary>
internal static class JsonKeys
{
    public static JsonKey Classify(ref Utf8JsonReader reader)
    {
        var name = reader.ValueSpan;
        if (reader.ValueIsEscaped || name.Length > 24)
        {
            return JsonKey.Other;
        }

        return name.Length switch
        {
            4 when name.SequenceEqual("name"u8) => JsonKey.Name,
            4 when name.SequenceEqual("type"u8) => JsonKey.Type,
            5 when name.SequenceEqual("tools"u8) => JsonKey.Tools,
            8 when name.SequenceEqual("function"u8) => JsonKey.Function,
            9 when name.SequenceEqual("functions"u8) => JsonKey.Tools,
            // Bedrock Converse (and Amazon Nova's InvokeModel body): toolConfig.tools[].toolSpec declares a tool as
            // tools[].function does; content[].toolUse is the model calling one.
            8 when name.SequenceEqual("toolSpec"u8) => JsonKey.Function,
            7 when name.SequenceEqual("toolUse"u8) => JsonKey.FunctionCall,
            10 when name.SequenceEqual("tool_calls"u8) => JsonKey.ToolCalls,
            13 when name.SequenceEqual("function_call"u8) => JsonKey.FunctionCall,
            8 when name.SequenceEqual("metadata"u8) => JsonKey.SkipSubtree,
            8 when name.SequenceEqual("logprobs"u8) => JsonKey.SkipSubtree,
            5 when name.SequenceEqual("usage"u8) => JsonKey.SkipSubtree,
            11 when name.SequenceEqual("tool_choice"u8) => JsonKey.SkipSubtree,
            4 when name.SequenceEqual("data"u8) => JsonKey.Data,
            _ => IsIdentifierKey(name) ? JsonKey.Skip : JsonKey.Other,
        };
    }

    // Values that are identifiers, enums or binary data, never text a model reads as language.
    private static bool IsIdentifierKey(ReadOnlySpan<byte> n) =>
        n.SequenceEqual("model"u8) || n.SequenceEqual("role"u8) || n.SequenceEqual("id"u8) || n.SequenceEqual("tool_call_id"u8)
        || n.SequenceEqual("tool_use_id"u8) || n.SequenceEqual("toolUseId"u8) || n.SequenceEqual("call_id"u8) || n.SequenceEqual("url"u8)
        || n.SequenceEqual("media_type"u8) || n.SequenceEqual("detail"u8) || n.SequenceEqual("format"u8) || n.SequenceEqual("stop"u8)
        || n.SequenceEqual("user"u8) || n.SequenceEqual("service_tier"u8) || n.SequenceEqual("reasoning_effort"u8)
        || n.SequenceEqual("encoding_format"u8) || n.SequenceEqual("voice"u8) || n.SequenceEqual("mime_type"u8)
        || n.SequenceEqual("file_id"u8) || n.SequenceEqual("signature"u8) || n.SequenceEqual("object"u8)
        || n.SequenceEqual("finish_reason"u8) || n.SequenceEqual("stop_reason"u8) || n.SequenceEqual("system_fingerprint"u8)
        || n.SequenceEqual("status"u8) || n.SequenceEqual("image_url"u8) || n.SequenceEqual("previous_response_id"u8)
        || n.SequenceEqual("stop_sequence"u8) || n.SequenceEqual("server_label"u8) || n.SequenceEqual("file_data"u8);

    /// <summary>Object <c>type</c> values that mark a tool call (Responses API items, Anthropic content blocks).</summary>
    public static bool IsToolCallType(ReadOnlySpan<byte> value) =>
        value.SequenceEqual("function_call"u8) || value.SequenceEqual("tool_use"u8) || value.SequenceEqual("mcp_call"u8)
        || value.SequenceEqual("custom_tool_call"u8);
}
