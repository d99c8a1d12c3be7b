using System.Text.Json;

namespace AiSpm.Benchmarks.Budget;

/// <summary>
/// Maximum bytes allocated per operation, by "Type.Method" (every parameter combination) or
/// "Type.Method(A=1&amp;B=2)" (one combination, which wins). Zero means zero.
/// </summary>
internal sealed class AllocationBudget
{
    private readonly Dictionary<string, long> _limits;

    private AllocationBudget(Dictionary<string, long> limits) => _limits = limits;

    public int Count => _limits.Count;

    public static AllocationBudget Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("budgets", out var budgets) ||
                budgets.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{source}: expected an object with a \"budgets\" object of benchmark name -> max bytes per op");
            }

            var limits = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var entry in budgets.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt64(out var bytes) || bytes < 0)
                {
                    throw new FormatException($"{source}: budget for '{entry.Name}' must be a whole number of bytes >= 0");
                }

                limits[entry.Name] = bytes;
            }

            return new AllocationBudget(limits);
        }
    }

    public static AllocationBudget Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"allocation budget file not found: {path}", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public long? LimitFor(MeasuredBenchmark benchmark) =>
        _limits.TryGetValue(benchmark.FullKey, out var exact) ? exact
        : _limits.TryGetValue(benchmark.Key, out var general) ? general
        : null;
}
