using System.Text.Json.Serialization;

namespace AiSpm.MockUpstream.Serving;

/// <summary>An Assistants API thread message (<c>object: thread.message</c>) holding one text part.</summary>
internal sealed record ThreadMessage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] IReadOnlyList<ThreadMessagePart> Content);

internal sealed record ThreadMessagePart(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("text")] ThreadMessageText Text);

internal sealed record ThreadMessageText([property: JsonPropertyName("value")] string Value);

[JsonSerializable(typeof(ThreadMessage))]
internal sealed partial class MockJson : JsonSerializerContext;
