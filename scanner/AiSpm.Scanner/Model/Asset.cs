using System.Text.Json.Nodes;

namespace AiSpm.Scanner.Model;

/// <summary>
/// One discovered asset. <see cref="Id"/> is the ARN where the provider has one, else <c>provider:kind:native-id</c>.
/// <see cref="Document"/> is the provider's configuration as its API returned it, with secret values replaced.
/// </summary>
public sealed record Asset
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string Provider { get; init; }
    public string? Account { get; init; }
    public string? Region { get; init; }
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    public string? Owner { get; init; }
    public JsonObject Document { get; init; } = [];
    public DateTimeOffset FirstSeen { get; init; }
    public DateTimeOffset LastSeen { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
}
