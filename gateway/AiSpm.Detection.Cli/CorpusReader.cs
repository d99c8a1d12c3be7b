using System.Text.Json;

namespace AiSpm.Detection.Cli;

/// <summary>Reads a JSONL corpus; a bad line is an error naming the line, never a crash.</summary>
internal static class CorpusReader
{
    public static List<CorpusRow> Read(string path)
    {
        var rows = new List<CorpusRow>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                var text = r.GetProperty("text").GetString() ?? "";
                var category = r.GetProperty("category").GetString() ?? "benign";
                var label = r.TryGetProperty("label", out var l) ? l.GetString() : null;
                var phase = r.TryGetProperty("phase", out var p) && p.GetString() == "response" ? ScanPhase.Response : ScanPhase.Request;
                var id = r.TryGetProperty("id", out var i) ? i.GetString() ?? lineNo.ToString(System.Globalization.CultureInfo.InvariantCulture) : lineNo.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var attack = label is null ? category != "benign" : label == "attack";
                rows.Add(new CorpusRow(id, text, attack ? category : "benign", phase, attack));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException(path + ":" + lineNo.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + ex.Message, ex);
            }
        }

        return rows;
    }
}
