using System.Text.Json.Nodes;

namespace AiSpm.Fakes;

/// <summary>What the fake AWS endpoint answers: a modelled answer (validated against the output shape), an AWS error, or raw bytes.</summary>
public sealed record FakeAnswer(int Status, JsonNode? Body, string? Raw = null, string? ErrorCode = null, string ContentType = "application/json")
{
    public static FakeAnswer Ok(JsonNode body) => new(200, body);

    public static FakeAnswer Ok(string json) => new(200, JsonNode.Parse(json));

    public static FakeAnswer Error(int status, string code, string message) => new(status, null, "{\"message\":\"" + message + "\"}", code);

    public static FakeAnswer Text(int status, string contentType, string text) => new(status, null, text, null, contentType);
}
