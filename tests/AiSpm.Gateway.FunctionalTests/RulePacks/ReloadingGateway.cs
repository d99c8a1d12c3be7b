using System.Text.Json.Nodes;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests.RulePacks;

/// <summary>
/// A gateway in enforce mode over its own small rules folder (two one-rule packs, compiled in milliseconds), taking
/// policy from a <see cref="FakeAdmin"/>. One per test: the tests edit the folder and the policy.
/// </summary>
public sealed class ReloadingGateway : GatewayEnvironment
{
    public const string AlphaPack = "ft-alpha";
    public const string BetaPack = "ft-beta";
    public const string AlphaMarker = "AISPM-FT-ALPHA-0001";
    public const string BetaMarker = "AISPM-FT-BETA-0001";
    public const string NewMarker = "AISPM-FT-NEW-0001";

    private readonly FakeAdmin _admin = new();

    public ReloadingGateway()
    {
        WritePack(AlphaPack, "1.0.0", ("FT-ALPHA", "AISPM-FT-ALPHA-[0-9]{4}"));
        WritePack(BetaPack, "1.0.0", ("FT-BETA", "AISPM-FT-BETA-[0-9]{4}"));
    }

    public string RulesDirectory { get; } = Directory.CreateTempSubdirectory("aispm-ft-reload-").FullName;

    internal FakeAdmin Admin => _admin;

    /// <summary>Writes pack <paramref name="pack"/> with one blocking rule per (id, regex), replacing the file atomically.</summary>
    public void WritePack(string pack, string version, params (string Id, string Regex)[] rules)
    {
        var list = new JsonArray();
        foreach (var (id, regex) in rules)
        {
            list.Add(new JsonObject
            {
                ["id"] = id,
                ["title"] = "Functional-test rule " + id,
                ["category"] = "prompt_injection",
                ["severity"] = "high",
                ["phase"] = "request",
                ["patterns"] = new JsonArray(new JsonObject { ["regex"] = regex, ["flags"] = "" }),
                ["literals"] = new JsonArray(),
                ["redact"] = false,
                ["tags"] = new JsonObject(),
            });
        }

        var json = new JsonObject { ["pack"] = pack, ["version"] = version, ["rules"] = list }.ToJsonString();
        var tmp = Path.Combine(RulesDirectory, "." + pack + ".tmp");
        File.WriteAllText(tmp, json);
        File.Move(tmp, Path.Combine(RulesDirectory, pack + ".json"), overwrite: true);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _admin.DisposeAsync();
    }

    protected override JsonObject Configure(JsonObject config)
    {
        config["mode"] = "enforce";
        config["engine"] = "auto";
        config["rulesDirectory"] = RulesDirectory;
        // A short debounce keeps the test quick; a short poll also covers a missed file event.
        config["rulesReload"] = new JsonObject { ["debounceMs"] = 100, ["pollIntervalMs"] = 2000 };
        config["admin"] = new JsonObject
        {
            ["baseUrl"] = _admin.BaseUrl,
            ["spoolDirectory"] = Path.Combine(RulesDirectory + "-state", "spool"),
        };
        return config;
    }
}
