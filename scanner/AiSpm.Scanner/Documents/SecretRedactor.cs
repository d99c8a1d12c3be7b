using System.Text.Json.Nodes;

namespace AiSpm.Scanner.Documents;

/// <summary>
/// Removes secret values from a provider's configuration before it becomes an asset document: the values of
/// environment-variable maps (Lambda <c>Environment.Variables</c>, AgentCore <c>environmentVariables</c>, SageMaker
/// container <c>Environment</c>), any field named like a key, token, secret, password or credential, and pre-signed
/// URLs. Names are kept so that posture rules can still see that a secret is there.
/// </summary>
public static class SecretRedactor
{
    public const string Marker = "[redacted]";

    /// <summary>A redacted deep copy of <paramref name="node"/>.</summary>
    public static JsonNode? Redact(JsonNode? node) => node switch
    {
        JsonObject o => RedactObject(o),
        JsonArray a => RedactArray(a),
        JsonValue v => RedactValue(v),
        _ => null,
    };

    public static JsonObject RedactObject(JsonObject source)
    {
        var copy = new JsonObject();
        var isTag = HasProperty(source, "value");
        foreach (var (name, value) in source)
        {
            if (value is null)
            {
                copy[name] = null;
            }
            else if (IsSecretName(name) && !(isTag && name.Equals("key", StringComparison.OrdinalIgnoreCase)) && !IsEmptyish(value))
            {
                copy[name] = Marker;
            }
            else if (IsEnvironmentMap(name) && value is JsonObject env && AllScalars(env))
            {
                var masked = new JsonObject();
                foreach (var (k, _) in env)
                {
                    masked[k] = Marker;
                }

                copy[name] = masked;
            }
            else
            {
                copy[name] = Redact(value);
            }
        }

        return copy;
    }

    private static JsonArray RedactArray(JsonArray source)
    {
        var copy = new JsonArray();
        foreach (var item in source)
        {
            copy.Add(Redact(item));
        }

        return copy;
    }

    private static JsonValue RedactValue(JsonValue v)
    {
        if (v.TryGetValue<string>(out var s) &&
            (s.Contains("X-Amz-Signature=", StringComparison.OrdinalIgnoreCase) ||
             s.Contains("X-Amz-Security-Token=", StringComparison.OrdinalIgnoreCase)))
        {
            return JsonValue.Create(Marker);
        }

        return (JsonValue)v.DeepClone();
    }

    private static bool IsEmptyish(JsonNode value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0;

    private static bool HasProperty(JsonObject o, string name)
    {
        foreach (var (k, _) in o)
        {
            if (k.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AllScalars(JsonObject o)
    {
        foreach (var (_, v) in o)
        {
            if (v is JsonObject or JsonArray)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsEnvironmentMap(string name) =>
        name.Equals("Variables", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("environmentVariables", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Environment", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("env", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True for names whose last word is key, token, secret, password, credential(s) or passphrase (<c>apiKey</c>,
    /// <c>api_key</c>, <c>clientSecret</c>, <c>SecretAccessKey</c>), and for names holding "password", "secret" or
    /// "access key" unless they end in a word that names a reference rather than a value (<c>secretArn</c>,
    /// <c>kmsKeyId</c>, <c>credentialParameterName</c>).
    /// </summary>
    public static bool IsSecretName(string name)
    {
        var words = Words(name);
        if (words.Count == 0)
        {
            return false;
        }

        var last = words[^1];
        if (last is "key" or "token" or "secret" or "password" or "passwd" or "pwd" or "credential" or "credentials"
            or "passphrase" or "apikey" or "secretkey" or "privatekey" or "sessiontoken" or "masterkey")
        {
            return true;
        }

        for (var i = 0; i + 1 < words.Count; i++)
        {
            // An access key id is half a credential pair: kept out of documents like the secret half.
            if (words[i] == "access" && words[i + 1] == "key")
            {
                return true;
            }
        }

        if (last is "arn" or "arns" or "id" or "ids" or "name" or "names" or "type" or "alias" or "prefix" or "location"
            or "version" or "count" or "field" or "length" or "provider" or "providers" or "configuration" or "configurations"
            or "policy" or "rotation" or "expiry" or "expiration" or "enabled" or "status")
        {
            return false;
        }

        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] is "password" or "secret")
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            var boundary = i == name.Length || name[i] is '_' or '-' or '.' or ' ' or ':';
            var camel = !boundary && i > start && char.IsUpper(name[i]) &&
                (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (boundary || camel)
            {
                if (i > start)
                {
                    words.Add(name[start..i].ToLowerInvariant());
                }

                start = boundary ? i + 1 : i;
            }
        }

        return words;
    }
}
