using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiSpm.Fakes;

/// <summary>
/// Checks an answer against an operation's botocore output shape: required members present, no unknown members,
/// types as the model says (structures, lists, maps, strings and enums, numbers, booleans, timestamps, unions).
/// </summary>
public static class ShapeValidator
{
    public static List<string> ValidateOutput(string service, string operation, JsonNode? answer)
    {
        var model = AwsModels.Load(service);
        var errors = new List<string>();
        var op = model["operations"]![operation] ?? throw new ArgumentException(service + " has no operation " + operation);
        var output = op["output"]?["shape"]?.GetValue<string>();
        if (output is null)
        {
            return errors;
        }

        Validate(model["shapes"]!.AsObject(), output, answer, service + ":" + operation, errors);
        return errors;
    }

    /// <summary>Checks a request's members against the operation's input shape, the same way.</summary>
    public static List<string> ValidateInput(string service, string operation, JsonNode? input)
    {
        var model = AwsModels.Load(service);
        var errors = new List<string>();
        var op = model["operations"]![operation] ?? throw new ArgumentException(service + " has no operation " + operation);
        if (op["input"]?["shape"]?.GetValue<string>() is { } shape)
        {
            Validate(model["shapes"]!.AsObject(), shape, input, service + ":" + operation + " input", errors, limits: true);
        }

        return errors;
    }

    /// <summary>The JSON key of a body member when the model renames it (GuardDuty's <c>FindingIds</c> travels as <c>findingIds</c>).</summary>
    private static string? WireName(JsonNode? member) =>
        member?["location"] is null ? member?["locationName"]?.GetValue<string>() : null;

    private static JsonObject? ByWireName(JsonObject members, string key)
    {
        foreach (var (_, member) in members)
        {
            if (WireName(member) == key)
            {
                return member as JsonObject;
            }
        }

        return null;
    }

    private static void Validate(JsonObject shapes, string shapeName, JsonNode? node, string path, List<string> errors, bool limits = false)
    {
        var shape = shapes[shapeName]!;
        var type = shape["type"]!.GetValue<string>();
        if (node is null)
        {
            errors.Add(path + ": null");
            return;
        }

        switch (type)
        {
            case "structure":
                if (node is not JsonObject o)
                {
                    errors.Add(path + ": expected an object (" + shapeName + ")");
                    return;
                }

                var members = shape["members"]!.AsObject();
                foreach (var required in shape["required"]?.AsArray() ?? [])
                {
                    var name = required!.GetValue<string>();
                    if (!o.ContainsKey(name) && !(WireName(members[name]) is { } wire && o.ContainsKey(wire)) && members[name]?["location"] is null)
                    {
                        errors.Add(path + ": required member " + name + " missing");
                    }
                }

                var set = 0;
                foreach (var (name, value) in o)
                {
                    if ((members[name] ?? ByWireName(members, name)) is not JsonObject member)
                    {
                        errors.Add(path + ": unknown member " + name + " (" + shapeName + ")");
                        continue;
                    }

                    set++;
                    Validate(shapes, member["shape"]!.GetValue<string>(), value, path + "." + name, errors, limits);
                }

                if (shape["union"]?.GetValue<bool>() == true && set > 1)
                {
                    errors.Add(path + ": a union with " + set + " members set");
                }

                break;
            case "list":
                if (node is not JsonArray a)
                {
                    errors.Add(path + ": expected a list");
                    return;
                }

                if (limits && (a.Count < (shape["min"]?.GetValue<int>() ?? 0) || a.Count > (shape["max"]?.GetValue<int>() ?? int.MaxValue)))
                {
                    errors.Add(path + ": " + a.Count + " items, outside " + shapeName + "'s min/max");
                }

                for (var i = 0; i < a.Count; i++)
                {
                    Validate(shapes, shape["member"]!["shape"]!.GetValue<string>(), a[i], path + "[" + i + "]", errors, limits);
                }

                break;
            case "map":
                if (node is not JsonObject m)
                {
                    errors.Add(path + ": expected a map");
                    return;
                }

                foreach (var (k, v) in m)
                {
                    Validate(shapes, shape["value"]!["shape"]!.GetValue<string>(), v, path + "{" + k + "}", errors, limits);
                }

                break;
            case "string":
                if (node.GetValueKind() != JsonValueKind.String)
                {
                    errors.Add(path + ": expected a string");
                }
                else if (limits && shape["pattern"]?.GetValue<string>() is { } pattern
                    && !System.Text.RegularExpressions.Regex.IsMatch(node.GetValue<string>(), pattern))
                {
                    errors.Add(path + ": does not match " + shapeName + "'s pattern " + pattern);
                }
                else if (limits && node.GetValue<string>().Length > (shape["max"]?.GetValue<int>() ?? int.MaxValue))
                {
                    errors.Add(path + ": longer than " + shapeName + "'s max");
                }
                else if (shape["enum"] is JsonArray values && !values.Any(v => v!.GetValue<string>() == node.GetValue<string>()))
                {
                    errors.Add(path + ": '" + node.GetValue<string>() + "' is not one of " + shapeName);
                }

                break;
            case "integer" or "long":
                if (node.GetValueKind() != JsonValueKind.Number || !long.TryParse(node.ToJsonString(), out _))
                {
                    errors.Add(path + ": expected an integer");
                }

                break;
            case "float" or "double":
                if (node.GetValueKind() != JsonValueKind.Number)
                {
                    errors.Add(path + ": expected a number");
                }

                break;
            case "boolean":
                if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(path + ": expected a boolean");
                }

                break;
            case "timestamp":
                if (node.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.String))
                {
                    errors.Add(path + ": expected a timestamp");
                }

                break;
            case "blob":
                if (node.GetValueKind() != JsonValueKind.String)
                {
                    errors.Add(path + ": expected a blob (base64 string)");
                }

                break;
        }
    }
}
