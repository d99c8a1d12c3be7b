using System.Text.Json.Nodes;
using AiSpm.Scanner.Documents;

namespace AiSpm.Scanner.Mapping;

/// <summary>An asset while the mapping builds it: keyed by kind and native id, its ARN learned from any answer.</summary>
internal sealed class AssetNode(string provider, string kind, string nativeId)
{
    public string Provider { get; } = provider;
    public string Kind { get; } = kind;
    public string NativeId { get; } = nativeId;
    public string? Arn { get; set; }

    /// <summary>The ARN this asset would have, with <c>{account}</c> and <c>{region}</c> placeholders, for when no answer
    /// carried the ARN itself (a list answer without ARNs, a bare id in a reference).</summary>
    public string? ArnPattern { get; set; }
    public string? Account { get; set; }
    public string? Region { get; set; }
    public string? Name { get; set; }
    public string? Owner { get; set; }
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
    public JsonObject Document { get; } = [];
    public SortedSet<string> Sources { get; } = new(StringComparer.Ordinal);

    /// <summary>True once an answer described the asset itself, not only a reference to it.</summary>
    public bool Described { get; set; }

    /// <summary>Copies the members of <paramref name="answer"/> into the document, secrets removed; later answers win.</summary>
    public void Merge(JsonObject? answer)
    {
        if (answer is null)
        {
            return;
        }

        Described = true;
        var clean = SecretRedactor.RedactObject(answer);
        foreach (var (k, v) in clean)
        {
            Document[k] = v?.DeepClone();
        }
    }

    public void Set(string member, JsonNode? value)
    {
        Described = true;
        Document[member] = SecretRedactor.Redact(value);
    }

    public void SetArn(string? arn)
    {
        if (string.IsNullOrEmpty(arn) || !Mapping.Arn.TryParse(arn, out var parsed))
        {
            return;
        }

        Arn ??= arn;
        if (parsed.Account.Length > 0)
        {
            Account ??= parsed.Account;
        }

        if (parsed.Region.Length > 0)
        {
            Region ??= parsed.Region;
        }
    }

    public void AddTags(JsonNode? tags)
    {
        switch (tags)
        {
            case JsonObject map:
                foreach (var (k, v) in map)
                {
                    if (v is JsonValue value && value.TryGetValue<string>(out var s))
                    {
                        Tags[k] = s;
                    }
                }

                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    var k = Json.Str(item, "Key") ?? Json.Str(item, "key");
                    var v = Json.Str(item, "Value") ?? Json.Str(item, "value");
                    if (k is not null && v is not null)
                    {
                        Tags[k] = v;
                    }
                }

                break;
        }
    }
}
