using System.Globalization;
using System.Text.Json;

namespace AiSpm.Detection.Evaluation;

/// <summary>
/// Reads a JSONL corpus (shared by <c>./aispm eval</c> and the admin's red-team runs). A bad line is a
/// <see cref="CorpusFormatException"/> naming the line and the field, never a crash. <c>text</c> and <c>category</c> are required; without <c>label</c>, a row is an
/// attack unless its category is <c>benign</c>; without <c>phase</c>, it is a request.
/// </summary>
public static class CorpusReader
{
    /// <summary>Reads the file at <paramref name="path"/>; errors name the path and the line.</summary>
    public static List<CorpusRow> Read(string path)
    {
        using var reader = File.OpenText(path);
        try
        {
            return Parse(reader, int.MaxValue);
        }
        catch (CorpusFormatException ex)
        {
            throw new InvalidDataException(path + ":" + ex.Line.ToString(CultureInfo.InvariantCulture) + ": " + ex.Field + ": " + ex.Reason, ex);
        }
    }

    /// <summary>Parses JSONL text; more than <paramref name="maxRows"/> rows is an error on the first line past it.</summary>
    public static List<CorpusRow> Parse(TextReader reader, int maxRows)
    {
        var rows = new List<CorpusRow>();
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (rows.Count == maxRows)
            {
                throw new CorpusFormatException(lineNo, "rows", "more than " + maxRows.ToString(CultureInfo.InvariantCulture) + " rows");
            }

            rows.Add(ParseLine(line, lineNo));
        }

        return rows;
    }

    private static CorpusRow ParseLine(string line, int lineNo)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new CorpusFormatException(lineNo, "json", "not valid JSON: " + ex.Message, ex);
        }

        using (doc)
        {
            var r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object)
            {
                throw new CorpusFormatException(lineNo, "json", "each line must be a JSON object");
            }

            var text = String(r, "text", lineNo) ?? throw new CorpusFormatException(lineNo, "text", "required");
            var category = String(r, "category", lineNo) ?? throw new CorpusFormatException(lineNo, "category", "required");
            if (category.Length == 0)
            {
                throw new CorpusFormatException(lineNo, "category", "must not be empty");
            }

            var label = String(r, "label", lineNo);
            if (label is not (null or "attack" or "benign"))
            {
                throw new CorpusFormatException(lineNo, "label", "must be 'attack' or 'benign'");
            }

            var phase = String(r, "phase", lineNo);
            if (phase is not (null or "request" or "response"))
            {
                throw new CorpusFormatException(lineNo, "phase", "must be 'request' or 'response'");
            }

            var fallbackId = lineNo.ToString(CultureInfo.InvariantCulture);
            var id = String(r, "id", lineNo) ?? fallbackId;
            var attack = label is null ? category != "benign" : label == "attack";
            return new CorpusRow(id, text, attack ? category : "benign", phase == "response" ? ScanPhase.Response : ScanPhase.Request, attack);
        }
    }

    private static string? String(JsonElement row, string name, int lineNo)
    {
        if (!row.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new CorpusFormatException(lineNo, name, "must be a string");
    }
}
