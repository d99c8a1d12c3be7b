using System.Text.Json;

namespace AiSpm.Benchmarks.Budget;

/// <summary>Reads the rows out of BenchmarkDotNet's full JSON export (<c>*-report-full.json</c>).</summary>
internal static class BenchmarkResultsReader
{
    public static List<MeasuredBenchmark> ReadPath(string path)
    {
        string[] files;
        if (Directory.Exists(path))
        {
            files = Directory.GetFiles(path, "*-report-full.json", SearchOption.AllDirectories);
            Array.Sort(files, StringComparer.Ordinal);
        }
        else if (File.Exists(path))
        {
            files = [path];
        }
        else
        {
            throw new FileNotFoundException($"no BenchmarkDotNet results at {path}", path);
        }

        if (files.Length == 0)
        {
            throw new FileNotFoundException($"no *-report-full.json under {path}: run the benchmarks with the JSON exporter first", path);
        }

        var all = new List<MeasuredBenchmark>();
        foreach (var file in files)
        {
            all.AddRange(Parse(File.ReadAllText(file), file));
        }

        return all;
    }

    public static List<MeasuredBenchmark> Parse(string json, string source)
    {
        using var document = ParseDocument(json, source);
        if (!document.RootElement.TryGetProperty("Benchmarks", out var benchmarks) || benchmarks.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{source}: no \"Benchmarks\" array; is this a BenchmarkDotNet full JSON report?");
        }

        var rows = new List<MeasuredBenchmark>();
        foreach (var benchmark in benchmarks.EnumerateArray())
        {
            var type = GetString(benchmark, "Type");
            var method = GetString(benchmark, "Method");
            if (type.Length == 0 || method.Length == 0)
            {
                throw new FormatException($"{source}: a benchmark without Type or Method");
            }

            rows.Add(new MeasuredBenchmark(type, method, GetString(benchmark, "Parameters"), ReadAllocated(benchmark)));
        }

        return rows;
    }

    private static JsonDocument ParseDocument(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>A benchmark that threw has no statistics; its memory figures are then meaningless.</summary>
    private static long? ReadAllocated(JsonElement benchmark)
    {
        if (!benchmark.TryGetProperty("Statistics", out var statistics) || statistics.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (!benchmark.TryGetProperty("Memory", out var memory) || memory.ValueKind != JsonValueKind.Object ||
            !memory.TryGetProperty("BytesAllocatedPerOperation", out var bytes) || bytes.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        return bytes.TryGetInt64(out var whole) ? whole : (long)Math.Ceiling(bytes.GetDouble());
    }

    private static string GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
