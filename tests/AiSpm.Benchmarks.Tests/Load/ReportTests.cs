using System.Text.Json;

namespace AiSpm.Benchmarks.Tests.Load;

/// <summary>perf/results.json keeps exactly the schema scripts rely on, and RESULTS.md judges the targets from the data.</summary>
public sealed class ReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aispm-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Sat(int rps) =>
        $"{{\"requests\":{rps * 4},\"duration_s\":4,\"rps\":{rps},\"bytes\":1,\"errors\":{{\"connect\":0,\"read\":0,\"write\":0,\"status\":0,\"timeout\":0}},\"latency\":{{\"mean_us\":1,\"p50_us\":100,\"p90_us\":150,\"p99_us\":300,\"p999_us\":400,\"max_us\":500}}}}";

    private static string Rate(int p50, int p99) =>
        $"{{\"mode\":\"rate\",\"rps\":2000,\"offered_rps\":2000,\"completed\":8000,\"latency\":{{\"count\":8000,\"p50_us\":{p50},\"p90_us\":{p50},\"p99_us\":{p99},\"p999_us\":{p99 + 100},\"max_us\":{p99 + 200}}},\"benign\":{{\"sent\":8000,\"completed\":8000,\"statuses\":{{\"200\":8000}},\"errors\":0}},\"attack\":{{\"sent\":0,\"completed\":0,\"statuses\":{{}},\"errors\":0}}}}";

    private static string Lines(string system, int rps, int p50, int p99, double rss) => string.Join('\n',
        $"{{\"system\":\"{system}\",\"scenario\":\"sat_small\",\"data\":{Sat(rps)},\"cpu_s\":0.5}}",
        $"{{\"system\":\"{system}\",\"scenario\":\"rate_2k\",\"data\":{Rate(p50, p99)}}}",
        $"{{\"system\":\"{system}\",\"scenario\":\"peak\",\"data\":{{\"rss_peak_mb\":{rss}}}}}");

    [Fact]
    public async Task ResultsJsonHasExactlyTheIssueSchemaAndRatiosFromTheSameRun()
    {
        var raw = Path.Combine(_dir, "raw.jsonl");
        await File.WriteAllTextAsync(raw, string.Join('\n',
            Lines("direct", 20000, 200, 400, 80),
            Lines("aispm", 9000, 230, 700, 40),
            Lines("nginx", 10000, 220, 450, 15),
            Lines("yarp", 6000, 300, 900, 110),
            Lines("portkey", 400, 2000, 9000, 160),
            "{\"system\":\"aispm\",\"scenario\":\"startup\",\"data\":{\"listening_ms\":20,\"first_proxied_ms\":35.5,\"attempts\":1,\"idle_rss_mb\":30}}") + "\n");
        var machine = Path.Combine(_dir, "machine.json");
        await File.WriteAllTextAsync(machine, "{\"date\":\"d\",\"cpu\":\"c\",\"cores\":2,\"kernel\":\"k\",\"dotnet\":\"10\",\"node\":\"20\",\"nginx\":\"1\",\"wrk\":\"4\",\"portkey\":\"1.15.2\",\"yarp\":\"2.3.0\",\"commit\":\"abc\",\"quick\":true,\"pinning\":{\"sut\":\"0\",\"mock\":\"1\",\"load\":\"1\"},\"connections\":32,\"rate\":2000,\"durations\":{\"warm_s\":1,\"sat_s\":4,\"rate_s\":4,\"streams\":160}}");
        var md = Path.Combine(_dir, "RESULTS.md");
        var json = Path.Combine(_dir, "results.json");

        var (exit, _, error) = await NodeRunner.RunAsync(TimeSpan.FromSeconds(30),
            "perf/load/report.mjs", "--raw", raw, "--machine", machine, "--md", md, "--json", json);

        Assert.True(exit == 0, error);
        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = results.RootElement;
        Assert.Equal(["systems", "ratios"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["direct", "aispm", "nginx", "yarp", "portkey"], root.GetProperty("systems").EnumerateObject().Select(p => p.Name));
        foreach (var system in root.GetProperty("systems").EnumerateObject())
        {
            Assert.Equal(["rps", "p50_us", "p99_us", "added_p50_us", "added_p99_us", "rss_mb"], system.Value.EnumerateObject().Select(p => p.Name));
        }

        var aispm = root.GetProperty("systems").GetProperty("aispm");
        Assert.Equal(30, aispm.GetProperty("added_p50_us").GetInt32());
        Assert.Equal(300, aispm.GetProperty("added_p99_us").GetInt32());
        var ratios = root.GetProperty("ratios");
        Assert.Equal(["aispm_over_nginx", "aispm_over_yarp", "aispm_over_portkey"], ratios.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.9, ratios.GetProperty("aispm_over_nginx").GetDouble(), 3);
        Assert.Equal(1.5, ratios.GetProperty("aispm_over_yarp").GetDouble(), 3);
        Assert.Equal(22.5, ratios.GetProperty("aispm_over_portkey").GetDouble(), 3);

        var text = await File.ReadAllTextAsync(md);
        Assert.Contains("| added p50 ≤ 50 µs at 2,000 req/s, 2 KB, enforce | **met** | 30 µs |", text, StringComparison.Ordinal);
        Assert.Contains("| added p99 ≤ 500 µs at 2,000 req/s, 2 KB, enforce | **met** | 300 µs |", text, StringComparison.Ordinal);
        Assert.Contains("| saturation ≥ YARP | **met** |", text, StringComparison.Ordinal);
        Assert.Contains("| cold start to first proxied request ≤ 100 ms | **met** | 35.5 ms |", text, StringComparison.Ordinal);
        Assert.Contains("| RSS ≤ 64 MB under load | **met** | 40.0 MB |", text, StringComparison.Ordinal);
    }
}
