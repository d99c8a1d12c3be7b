using System.Text.Json;
using AiSpm.Scanner.Connectors;
using AiSpm.Scanner.Mapping;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Output;

/// <summary>
/// Writes a scan as <c>{"assets":[...],"edges":[{"from","to","type"}],"errors":[...],"connectors":[...]}</c> without
/// reflection (AOT), in a stable order so that two scans of the same answers print the same bytes.
/// </summary>
public static class ScanJson
{
    public static void Write(Stream stream, IReadOnlyList<Asset> assets, IReadOnlyList<Edge> edges, IReadOnlyList<MappingError> errors,
        IReadOnlyList<ConnectorHealth>? connectors = null, bool indented = true)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteStartArray("assets");
        foreach (var a in assets)
        {
            WriteAsset(w, a);
        }

        w.WriteEndArray();
        w.WriteStartArray("edges");
        foreach (var e in edges)
        {
            w.WriteStartObject();
            w.WriteString("from", e.From);
            w.WriteString("to", e.To);
            w.WriteString("type", e.Type);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("errors");
        foreach (var e in errors)
        {
            w.WriteStartObject();
            w.WriteString("source", e.Origin);
            w.WriteString("code", e.Code);
            w.WriteString("message", e.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (connectors is not null)
        {
            w.WriteStartArray("connectors");
            foreach (var c in connectors)
            {
                WriteHealth(w, c);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    public static void WriteAsset(Utf8JsonWriter w, Asset a)
    {
        w.WriteStartObject();
        w.WriteString("id", a.Id);
        w.WriteString("kind", a.Kind);
        w.WriteString("provider", a.Provider);
        w.WriteString("name", a.Name);
        Nullable(w, "account", a.Account);
        Nullable(w, "region", a.Region);
        Nullable(w, "owner", a.Owner);
        w.WriteStartObject("tags");
        foreach (var (k, v) in a.Tags)
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
        w.WritePropertyName("document");
        a.Document.WriteTo(w);
        w.WriteString("firstSeen", a.FirstSeen);
        w.WriteString("lastSeen", a.LastSeen);
        w.WriteStartArray("sources");
        foreach (var s in a.Sources)
        {
            w.WriteStringValue(s);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteHealth(Utf8JsonWriter w, ConnectorHealth c)
    {
        w.WriteStartObject();
        w.WriteString("name", c.Connector);
        w.WriteString("status", c.Status switch
        {
            ConnectorStatus.Ok => "ok",
            ConnectorStatus.Partial => "partial",
            _ => "failed",
        });
        w.WriteNumber("assets", c.AssetCount);
        w.WriteNumber("edges", c.EdgeCount);
        w.WriteStartArray("failedCalls");
        foreach (var f in c.FailedCalls)
        {
            w.WriteStartObject();
            w.WriteString("operation", f.Operation);
            w.WriteString("code", f.Code);
            w.WriteString("message", f.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
