using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiSpm.Posture.Evaluation;

/// <summary>
/// Exceptions for offline posture (<c>./aispm posture --exceptions FILE</c>): a JSON array (or <c>{"exceptions": [...]}</c>)
/// of <c>{"control", "resource", "reason", "expires"}</c>, <c>expires</c> an ISO 8601 time, <c>by</c> optional. Every
/// entry is checked and every error reported, by index.
/// </summary>
public static class ExceptionsFile
{
    public const string DefaultBy = "exceptions file";

    public static (List<ExceptionGrant> Grants, List<string> Errors) Read(string path)
    {
        var grants = new List<ExceptionGrant>();
        var errors = new List<string>();
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            errors.Add("not valid JSON: " + e.Message);
            return (grants, errors);
        }

        var list = root switch
        {
            JsonArray a => a,
            JsonObject o when o["exceptions"] is JsonArray inner => inner,
            _ => null,
        };
        if (list is null)
        {
            errors.Add("expected an array of {\"control\", \"resource\", \"reason\", \"expires\"} or {\"exceptions\": [...]}");
            return (grants, errors);
        }

        for (var i = 0; i < list.Count; i++)
        {
            var at = "exceptions[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (list[i] is not JsonObject e)
            {
                errors.Add(at + ": not an object");
                continue;
            }

            var control = Text(e, "control");
            var resource = Text(e, "resource");
            var reason = Text(e, "reason");
            var expires = Text(e, "expires");
            var before = errors.Count;
            foreach (var (name, value) in new[] { ("control", control), ("resource", resource), ("reason", reason) })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    errors.Add(at + "." + name + ": required");
                }
            }

            DateTimeOffset until = default;
            if (expires is null || !DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out until))
            {
                errors.Add(at + ".expires: required, an ISO 8601 time");
            }

            if (errors.Count == before)
            {
                grants.Add(new ExceptionGrant(control!, resource!, reason!, Text(e, "by") ?? DefaultBy, until));
            }
        }

        return (grants, errors);
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
