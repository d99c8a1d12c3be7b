using System.Text.Json.Nodes;

namespace AiSpm.Fakes;

/// <summary>A request the fake AWS endpoint routed: the operation and its input members (path, query, body or form).</summary>
public sealed record FakeCall(string Service, string Operation, JsonObject Input)
{
    /// <summary>The region the request was signed for.</summary>
    public string Region { get; init; } = "";

    /// <summary>The member as text, whatever its modelled type (query members are typed as the model says).</summary>
    public string? Str(string member) => Input[member] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => other.ToJsonString(),
    };
}
