using System.Text.Json.Nodes;

namespace AiSpm.Fakes;

/// <summary>A request the fake AWS endpoint routed: the operation and its input members (path, query, body or form).</summary>
public sealed record FakeCall(string Service, string Operation, JsonObject Input)
{
    /// <summary>The region the request was signed for.</summary>
    public string Region { get; init; } = "";

    public string? Str(string member) => Input[member]?.GetValue<string>();
}
