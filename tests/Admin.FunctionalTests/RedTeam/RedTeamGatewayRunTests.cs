using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Admin.FunctionalTests.Support;

namespace AiSpm.Admin.FunctionalTests.RedTeam;

/// <summary>
/// Real processes (admin, mock upstream, gateway in enforce mode with the shipped rule packs): the builtin corpus run
/// end to end through the gateway, and in process, reports per category what <c>./aispm eval</c> (its binary, on the
/// same file and packs) reports.
/// </summary>
public sealed class RedTeamGatewayRunTests
{
    private static string Repo(params string[] parts) => Path.Combine([RepoPaths.Root, .. parts]);

    [Fact]
    public async Task AGatewayRunAndAnInProcessRunOfTheBuiltinCorpusReportWhatEvalReports()
    {
        using var tmp = new TempDir();
        var corpus = Repo("config", "redteam", "builtin.jsonl");
        await using var admin = await AdminProcess.StartAsync(
            AdminProcess.FreePort(),
            tmp.Sub("data"),
            "--rulesDirectory=" + Repo("config", "rules"),
            "--redteam:corpusDirectory=" + Repo("config", "redteam"),
            "--redteam:scorerPath=" + Repo("config", "scorer", "model.json"));
        await using var upstream = await GatewayLaunch.StartUpstreamAsync();
        var config = new JsonObject
        {
            ["listen"] = "http://127.0.0.1:0",
            ["mode"] = "enforce",
            ["engine"] = "managed",
            // A pii or secret finding blocks (403 naming it) instead of being redacted and forwarded.
            ["redactInsteadOfBlock"] = false,
            ["rulesDirectory"] = Repo("config", "rules"),
            ["scorerPath"] = Repo("config", "scorer", "model.json"),
            ["upstreams"] = new JsonObject { ["mock"] = new JsonObject { ["baseUrl"] = upstream.BaseUrl + "/v1" } },
            ["routes"] = new JsonArray(new JsonObject { ["model"] = "*", ["upstream"] = "mock" }),
        };
        var configFile = tmp.Sub("gateway.json");
        await File.WriteAllTextAsync(configFile, config.ToJsonString());
        await using var gateway = await GatewayLaunch.StartAsync(configFile);

        var eval = await EvalAsync(corpus);
        using var http = admin.Client();
        http.Timeout = TimeSpan.FromMinutes(3);

        using var viaGateway = await http.PostAsJsonAsync("/spm/api/redteam/run", new
        {
            mode = "gateway",
            corpus = "builtin",
            gateway = new { baseUrl = gateway.BaseUrl, model = "gpt-4o-mini", responseRows = "mock", concurrency = 4 },
        });
        var gatewayBody = await viaGateway.Content.ReadAsStringAsync();
        Assert.True(viaGateway.StatusCode == HttpStatusCode.OK, gatewayBody + "\n" + admin.Log);
        using var gatewayRun = JsonDocument.Parse(gatewayBody);
        Assert.Equal(0, gatewayRun.RootElement.GetProperty("errors").GetInt32());
        Assert.Equal(0, gatewayRun.RootElement.GetProperty("skipped").GetInt32());
        AssertSameFigures(eval, gatewayRun.RootElement, gatewayBody + "\n" + gateway.Output);
        Assert.True(gatewayRun.RootElement.GetProperty("latencyP99Ms").GetDouble() > 0);

        using var inProcess = await http.PostAsJsonAsync("/spm/api/redteam/run", new { mode = "inprocess", corpus = "builtin" });
        var inProcessBody = await inProcess.Content.ReadAsStringAsync();
        Assert.True(inProcess.StatusCode == HttpStatusCode.OK, inProcessBody);
        using var inProcessRun = JsonDocument.Parse(inProcessBody);
        AssertSameFigures(eval, inProcessRun.RootElement, inProcessBody);

        var gatewayId = gatewayRun.RootElement.GetProperty("id").GetString();
        var inProcessId = inProcessRun.RootElement.GetProperty("id").GetString();
        using var diff = JsonDocument.Parse(await http.GetStringAsync("/spm/api/redteam/runs/" + inProcessId + "/compare/" + gatewayId));
        Assert.Equal(0, diff.RootElement.GetProperty("flipped").GetArrayLength());
        using var list = JsonDocument.Parse(await http.GetStringAsync("/spm/api/redteam/runs"));
        Assert.Equal([inProcessId, gatewayId], list.RootElement.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    private static void AssertSameFigures(JsonElement eval, JsonElement run, string context)
    {
        var expected = eval.GetProperty("categories").EnumerateObject()
            .ToDictionary(c => c.Name, c => (c.Value.GetProperty("count").GetInt32(), c.Value.GetProperty("detected").GetInt32()));
        var actual = run.GetProperty("categories").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => (c.GetProperty("total").GetInt32(), c.GetProperty("detected").GetInt32()));
        Assert.True(expected.OrderBy(e => e.Key).SequenceEqual(actual.OrderBy(a => a.Key)), "eval: " + eval + "\nrun: " + context);
        Assert.Equal(eval.GetProperty("benign").GetProperty("count").GetInt32(), run.GetProperty("benign").GetProperty("total").GetInt32());
        Assert.Equal(eval.GetProperty("benign").GetProperty("flagged").GetInt32(), run.GetProperty("benign").GetProperty("flagged").GetInt32());
    }

    /// <summary><c>./aispm eval --corpus FILE --json</c>: the CLI's own binary, from the repository root (so it
    /// takes config/scorer/model.json as it does there).</summary>
    private static async Task<JsonElement> EvalAsync(string corpus)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        psi.ArgumentList.Add(Path.Combine(RepoPaths.Root, "gateway", "AiSpm.Detection.Cli", "bin", AdminProcess.Configuration, "net10.0", "aispm-eval.dll"));
        foreach (var a in new[] { "--corpus", corpus, "--rules", Repo("config", "rules"), "--json" })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(process.ExitCode == 0, await stderr);
        using var doc = JsonDocument.Parse(await stdout);
        return doc.RootElement.Clone();
    }
}
