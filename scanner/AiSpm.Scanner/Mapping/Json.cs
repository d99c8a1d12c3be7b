using System.Text.Json.Nodes;

namespace AiSpm.Scanner.Mapping;

/// <summary>Tolerant reads over answers whose shape may be partial: a missing or mistyped member reads as null.</summary>
internal static class Json
{
    public static string? Str(JsonNode? node, string name)
    {
        if (node is not JsonObject o || !o.TryGetPropertyValue(name, out var v) || v is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<string>(out var s))
        {
            return s;
        }

        return value.ToJsonString();
    }

    public static JsonObject? Obj(JsonNode? node, string name) =>
        node is JsonObject o && o.TryGetPropertyValue(name, out var v) ? v as JsonObject : null;

    public static JsonArray Arr(JsonNode? node, string name) =>
        node is JsonObject o && o.TryGetPropertyValue(name, out var v) && v is JsonArray a ? a : [];

    public static IEnumerable<JsonObject> Objects(JsonNode? node, string name)
    {
        foreach (var item in Arr(node, name))
        {
            if (item is JsonObject o)
            {
                yield return o;
            }
        }
    }

    public static IEnumerable<string> Strings(JsonNode? node)
    {
        if (node is JsonValue one && one.TryGetValue<string>(out var single))
        {
            yield return single;
            yield break;
        }

        if (node is JsonArray a)
        {
            foreach (var item in a)
            {
                if (item is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    yield return s;
                }
            }
        }
    }

    /// <summary>A shallow copy of <paramref name="source"/> without the named members.</summary>
    public static JsonObject Without(JsonObject source, params string[] names)
    {
        var copy = new JsonObject();
        foreach (var (k, v) in source)
        {
            if (Array.IndexOf(names, k) < 0)
            {
                copy[k] = v?.DeepClone();
            }
        }

        return copy;
    }

    /// <summary>The same members ordered by name, so that a map built from answers in any order reads the same.</summary>
    public static JsonObject Sorted(JsonObject source)
    {
        var names = new List<string>(source.Count);
        foreach (var (k, _) in source)
        {
            names.Add(k);
        }

        names.Sort(StringComparer.Ordinal);
        var copy = new JsonObject();
        foreach (var k in names)
        {
            copy[k] = source[k]?.DeepClone();
        }

        return copy;
    }
}
