using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Rego.Values;

namespace AiSpm.Posture.Evaluation;

/// <summary>
/// A provider document as a control sees it: every object key with its first letter upper-cased, at every depth
/// (`contentPolicy.filters[].inputStrength` becomes `ContentPolicy.Filters[].InputStrength`, LiteLLM's `max_budget` becomes
/// `Max_budget`), the shape the Sysdig controls read. Keys that collide after re-keying keep the value written last.
/// </summary>
public static class PascalDocument
{
    public static RegoValue From(JsonNode? node) => From(node, new Dictionary<string, RegoString>(StringComparer.Ordinal));

    /// <summary>Converts with a cache of re-keyed names shared across documents: an inventory repeats the same few hundred
    /// keys, so each becomes one <see cref="RegoString"/> (hashed once) instead of one per occurrence.</summary>
    internal static RegoValue From(JsonNode? node, Dictionary<string, RegoString> keys)
    {
        switch (node)
        {
            case null:
                return RegoNull.Instance;
            case JsonObject o:
                var d = new Dictionary<RegoValue, RegoValue>(o.Count);
                foreach (var (k, v) in o)
                {
                    if (!keys.TryGetValue(k, out var key))
                    {
                        keys[k] = key = new RegoString(Key(k));
                    }

                    d[key] = From(v, keys);
                }

                return new RegoObject(d);
            case JsonArray a:
                var items = new RegoValue[a.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = From(a[i], keys);
                }

                return new RegoArray(items);
            default:
                var value = node.AsValue();
                if (value.TryGetValue<JsonElement>(out var e))
                {
                    return e.ValueKind switch
                    {
                        JsonValueKind.String => new RegoString(e.GetString()!),
                        JsonValueKind.True => RegoBool.True,
                        JsonValueKind.False => RegoBool.False,
                        JsonValueKind.Number => e.TryGetInt64(out var l) ? RegoNumber.Of(l) : (RegoValue?)RegoNumber.Parse(e.GetRawText()) ?? RegoNull.Instance,
                        _ => RegoNull.Instance,
                    };
                }

                return value.GetValueKind() switch
                {
                    JsonValueKind.String => new RegoString(value.GetValue<string>()),
                    JsonValueKind.True => RegoBool.True,
                    JsonValueKind.False => RegoBool.False,
                    JsonValueKind.Number => (RegoValue?)RegoNumber.Parse(value.ToJsonString()) ?? RegoNull.Instance,
                    _ => RegoNull.Instance,
                };
        }
    }

    public static string Key(string key) =>
        key.Length == 0 || !char.IsAsciiLetterLower(key[0]) ? key : string.Create(key.Length, key, static (span, k) =>
        {
            k.AsSpan().CopyTo(span);
            span[0] = char.ToUpperInvariant(k[0]);
        });
}
