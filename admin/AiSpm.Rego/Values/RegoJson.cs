using System.Text.Json;

namespace AiSpm.Rego.Values;

/// <summary>Reads JSON text into Rego values without reflection.</summary>
public static class RegoJson
{
    public static RegoValue Parse(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 512 });
        return From(doc.RootElement);
    }

    public static RegoValue From(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var d = new Dictionary<RegoValue, RegoValue>();
                foreach (var p in e.EnumerateObject())
                {
                    d[new RegoString(p.Name)] = From(p.Value);
                }

                return new RegoObject(d);
            case JsonValueKind.Array:
                var a = new RegoValue[e.GetArrayLength()];
                var i = 0;
                foreach (var x in e.EnumerateArray())
                {
                    a[i++] = From(x);
                }

                return new RegoArray(a);
            case JsonValueKind.String:
                return new RegoString(e.GetString()!);
            case JsonValueKind.Number:
                return RegoNumber.Parse(e.GetRawText()) ?? throw new RegoException("invalid number " + e.GetRawText());
            case JsonValueKind.True:
                return RegoBool.True;
            case JsonValueKind.False:
                return RegoBool.False;
            default:
                return RegoNull.Instance;
        }
    }
}
