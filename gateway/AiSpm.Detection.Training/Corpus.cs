using System.Text.Json;

namespace AiSpm.Detection.Training;

internal static class Corpus
{
    /// <summary>Reads a JSONL corpus; a malformed line is an error naming the file and line.</summary>
    public static List<CorpusRow> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"corpus '{path}' does not exist.", path);
        }

        var rows = new List<CorpusRow>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                rows.Add(new CorpusRow(
                    root.GetProperty("id").GetString() ?? "",
                    root.GetProperty("text").GetString() ?? "",
                    root.GetProperty("label").GetString() ?? "",
                    root.GetProperty("category").GetString() ?? "",
                    root.TryGetProperty("phase", out var phase) ? phase.GetString() ?? "request" : "request",
                    root.TryGetProperty("source", out var source) ? source.GetString() ?? "" : ""));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"corpus '{path}' line {lineNumber}: {ex.Message}", ex);
            }
        }

        return rows;
    }
}
