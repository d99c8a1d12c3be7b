using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiSpm.Admin.Tests.Support;
using AiSpm.Detection;
using AiSpm.Detection.Evaluation;

namespace AiSpm.Admin.Tests.RedTeam;

/// <summary>The red-team API on a real admin (Kestrel on 127.0.0.1:0), in-process mode.</summary>
public sealed class RedTeamApiTests
{
    private static Dictionary<string, string?> Settings() => new()
    {
        ["rulesDirectory"] = Path.Combine(RepoPaths.Root, "config", "rules"),
        ["redteam:corpusDirectory"] = Path.Combine(RepoPaths.Root, "config", "redteam"),
        ["redteam:scorerPath"] = Path.Combine(RepoPaths.Root, "config", "scorer", "model.json"),
    };

    [Fact]
    public async Task AnInProcessRunOfTheBuiltinCorpusReportsWhatEvalsCodePathReportsAndIsListed()
    {
        await using var admin = await AdminServer.StartAsync(Settings());
        using var http = admin.Client(admin.LocalToken);

        using var answer = await http.PostAsJsonAsync("/spm/api/redteam/run", new { mode = "inprocess", corpus = "builtin" });
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, body);
        using var run = JsonDocument.Parse(body);

        // What ./aispm eval sums: the same reader, row verdict and tally over the same file and rule packs.
        var expected = new DetectionTally();
        using (var inspector = Inspector.Load(new InspectorOptions
        {
            RulesDirectory = Path.Combine(RepoPaths.Root, "config", "rules"),
            ScorerPath = Path.Combine(RepoPaths.Root, "config", "scorer", "model.json"),
            Engine = EngineKind.Managed,
        }))
        {
            var findings = new FindingList();
            foreach (var row in CorpusReader.Read(Path.Combine(RepoPaths.Root, "config", "redteam", "builtin.jsonl")))
            {
                expected.Add(row, RowScanner.Scan(inspector, row, findings));
            }
        }

        var categories = run.RootElement.GetProperty("categories").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => new CategoryCount(c.GetProperty("total").GetInt32(), c.GetProperty("detected").GetInt32()));
        Assert.Equal(expected.Categories, categories);
        Assert.Equal(expected.BenignCount, run.RootElement.GetProperty("benign").GetProperty("total").GetInt32());
        Assert.Equal(expected.BenignFlagged, run.RootElement.GetProperty("benign").GetProperty("flagged").GetInt32());
        Assert.Equal(0, run.RootElement.GetProperty("errors").GetInt32());
        Assert.Contains(run.RootElement.GetProperty("frameworks").EnumerateArray(), f => f.GetProperty("name").GetString() == "owasp_llm:LLM01");
        Assert.Contains(run.RootElement.GetProperty("eval").EnumerateArray(), e => e.GetProperty("probe").GetString() == "jailbreak" && e.GetProperty("entryType").GetString() == "eval");

        var id = run.RootElement.GetProperty("id").GetString()!;
        using var list = JsonDocument.Parse(await http.GetStringAsync("/spm/api/redteam/runs"));
        Assert.Equal(id, list.RootElement.GetProperty("items")[0].GetProperty("id").GetString());
        using var one = JsonDocument.Parse(await http.GetStringAsync("/spm/api/redteam/runs/" + id));
        Assert.Equal(60, one.RootElement.GetProperty("results").GetArrayLength());

        using var second = await http.PostAsJsonAsync("/spm/api/redteam/run", new { mode = "inprocess", jsonl = "{\"id\":\"rt-jailbreak-01\",\"text\":\"What is the weather?\",\"category\":\"jailbreak\"}" });
        var secondId = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        using var diff = JsonDocument.Parse(await http.GetStringAsync("/spm/api/redteam/runs/" + secondId + "/compare/" + id));
        var flipped = Assert.Single(diff.RootElement.GetProperty("flipped").EnumerateArray());
        Assert.Equal("missed", flipped.GetProperty("after").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/spm/api/redteam/runs/rt-none")).StatusCode);
    }

    [Theory]
    [InlineData("""{"mode":"inprocess","jsonl":"{\"text\":\"a\",\"category\":\"x\"}\n{\"text\":\"b\"}"}""", "jsonl", "line 2: category")]
    [InlineData("""{"mode":"inprocess","corpus":"nosuch"}""", "corpus", "no corpus")]
    [InlineData("""{"mode":"inprocess","corpus":"../secrets"}""", "corpus", "no corpus")]
    [InlineData("""{"mode":"sideways","corpus":"builtin"}""", "mode", "inprocess or gateway")]
    [InlineData("""{"mode":"gateway","corpus":"builtin","gateway":{"baseUrl":"http://10.1.2.3:8080"}}""", "gateway.baseUrl", "redteam:gatewayUrls")]
    [InlineData("""{"mode":"gateway","corpus":"builtin"}""", "gateway", "required")]
    public async Task ABadRequestIsA400NamingTheField(string json, string field, string message)
    {
        await using var admin = await AdminServer.StartAsync(Settings());
        using var http = admin.Client(admin.LocalToken);
        using var answer = await http.PostAsync("/spm/api/redteam/run", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        using var problem = JsonDocument.Parse(body);
        var messages = problem.RootElement.GetProperty("errors").GetProperty(field);
        Assert.Contains(message, messages[0].GetString(), StringComparison.Ordinal);
    }
}
