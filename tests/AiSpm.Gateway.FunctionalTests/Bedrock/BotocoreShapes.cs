using System.Text.Json;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests.Bedrock;

/// <summary>
/// Botocore's model of the Bedrock runtime (<c>../shared/aws-models/bedrock-runtime/*/service-2.json</c>): validates a
/// JSON document against a named shape, so the fake's answers are held to what the real service sends.
/// </summary>
internal sealed class BotocoreShapes
{
    private static readonly Lazy<BotocoreShapes> Shared = new(Load);

    private readonly JsonElement _shapes;

    private BotocoreShapes(JsonDocument model) => _shapes = model.RootElement.GetProperty("shapes");

    public static BotocoreShapes BedrockRuntime => Shared.Value;

    /// <summary>Every way <paramref name="json"/> departs from <paramref name="shape"/>; empty when it conforms.</summary>
    public List<string> Validate(string json, string shape)
    {
        var errors = new List<string>();
        using var doc = JsonDocument.Parse(json);
        Check(doc.RootElement, shape, shape, errors);
        return errors;
    }

    private void Check(JsonElement value, string shapeName, string at, List<string> errors)
    {
        var shape = _shapes.GetProperty(shapeName);
        var type = shape.GetProperty("type").GetString();
        switch (type)
        {
            // A document (a tool's input, additional model fields) is any JSON value: botocore types it as a structure
            // with "document": true and no members.
            case "structure" when shape.TryGetProperty("document", out var document) && document.GetBoolean():
                break;
            case "structure":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{at}: {shapeName} must be an object");
                    return;
                }

                var members = shape.GetProperty("members");
                var present = 0;
                foreach (var property in value.EnumerateObject())
                {
                    if (!members.TryGetProperty(property.Name, out var member) || member.TryGetProperty("location", out _))
                    {
                        errors.Add($"{at}.{property.Name}: not a body member of {shapeName}");
                        continue;
                    }

                    present++;
                    Check(property.Value, member.GetProperty("shape").GetString()!, at + "." + property.Name, errors);
                }

                if (shape.TryGetProperty("required", out var required))
                {
                    foreach (var name in required.EnumerateArray())
                    {
                        var n = name.GetString()!;
                        if (!value.TryGetProperty(n, out _) && !members.GetProperty(n).TryGetProperty("location", out _))
                        {
                            errors.Add($"{at}: {shapeName} requires {n}");
                        }
                    }
                }

                if (shape.TryGetProperty("union", out var union) && union.GetBoolean() && present != 1)
                {
                    errors.Add($"{at}: union {shapeName} must set exactly one member, not {present}");
                }

                break;
            case "list":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add($"{at}: {shapeName} must be an array");
                    return;
                }

                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(item, shape.GetProperty("member").GetProperty("shape").GetString()!, $"{at}[{i++}]", errors);
                }

                break;
            case "map":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{at}: {shapeName} must be an object");
                    return;
                }

                foreach (var property in value.EnumerateObject())
                {
                    Check(property.Value, shape.GetProperty("value").GetProperty("shape").GetString()!, at + "." + property.Name, errors);
                }

                break;
            case "string" or "blob" or "timestamp":
                if (value.ValueKind != JsonValueKind.String && !(type == "timestamp" && value.ValueKind == JsonValueKind.Number))
                {
                    errors.Add($"{at}: {shapeName} must be a string");
                }
                else if (shape.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => v.GetString() == value.GetString()))
                {
                    errors.Add($"{at}: '{value.GetString()}' is not a value of {shapeName}");
                }

                break;
            case "integer" or "long":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out _))
                {
                    errors.Add($"{at}: {shapeName} must be an integer");
                }

                break;
            case "float" or "double":
                if (value.ValueKind != JsonValueKind.Number)
                {
                    errors.Add($"{at}: {shapeName} must be a number");
                }

                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"{at}: {shapeName} must be a boolean");
                }

                break;
            case "document":
                break;
            default:
                errors.Add($"{at}: shape type {type} is not handled by the validator");
                break;
        }
    }

    private static BotocoreShapes Load()
    {
        // AISPM_SHARED names ../shared when the repository is not cloned beside it, as for every other test.
        var shared = Environment.GetEnvironmentVariable("AISPM_SHARED") is { Length: > 0 } set ? set : Path.Combine(Path.GetDirectoryName(RepoPaths.Root)!, "shared");
        var root = Path.Combine(shared, "aws-models", "bedrock-runtime");
        var version = Directory.GetDirectories(root).Order(StringComparer.Ordinal).Last();
        return new BotocoreShapes(JsonDocument.Parse(File.ReadAllText(Path.Combine(version, "service-2.json"))));
    }
}
