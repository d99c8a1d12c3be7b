using System.Text.Json.Nodes;

namespace AiSpm.Scanner.Model;

/// <summary>One field of an asset that differs between two scans. <see cref="Path"/> is a JSON path such as <c>document.contentPolicy.filters[0].inputStrength</c>.</summary>
public sealed record FieldChange(string Path, JsonNode? Before, JsonNode? After);
