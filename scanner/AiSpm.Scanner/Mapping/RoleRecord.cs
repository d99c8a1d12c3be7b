using System.Text.Json.Nodes;

namespace AiSpm.Scanner.Mapping;

/// <summary>What the IAM answers say about one role, before it is known whether the role is an AI asset.</summary>
internal sealed class RoleRecord(string name)
{
    public string Name { get; } = name;
    public JsonObject? Role { get; set; }
    public string? Source { get; set; }
    public Dictionary<string, string?> Attached { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, JsonNode?> Inline { get; } = new(StringComparer.Ordinal);
}
