using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Posture.Controls;
using AiSpm.Posture.Evaluation;
using AiSpm.Posture.Output;
using AiSpm.Scanner.Mapping;
using AiSpm.Scanner.Offline;

namespace AiSpm.Rego.Cli.Posture;

/// <summary>
/// <c>posture --offline DIR [--json] [--controls DIR] [--config FILE]</c>: the offline scan of DIR (the same mapping as
/// <c>./aispm scan --offline</c>), then every control over the assets. <c>--config</c> is a JSON object read by the
/// controls as <c>data.aispm.config</c>. Exit 0 with a report (whatever it says), 2 on a usage or input error.
/// </summary>
internal static class PostureCommand
{
    private const string Usage = "usage: aispm posture --offline DIR [--json] [--controls DIR] [--config FILE]";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream json)
    {
        string? offline = null;
        string? controlsDir = null;
        string? configFile = null;
        var asJson = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--offline" when i + 1 < args.Length:
                    offline = args[++i];
                    break;
                case "--controls" when i + 1 < args.Length:
                    controlsDir = args[++i];
                    break;
                case "--config" when i + 1 < args.Length:
                    configFile = args[++i];
                    break;
                case "--json":
                    asJson = true;
                    break;
                default:
                    stderr.WriteLine("posture: unknown or incomplete argument '" + args[i] + "'");
                    stderr.WriteLine(Usage);
                    return 2;
            }
        }

        controlsDir ??= Path.Combine("config", "controls");
        if (offline is null || !Directory.Exists(offline) || !Directory.Exists(controlsDir))
        {
            stderr.WriteLine(offline is null ? Usage : "posture: no such directory: " + (Directory.Exists(controlsDir) ? offline : controlsDir));
            return 2;
        }

        JsonObject? config = null;
        if (configFile is not null)
        {
            try
            {
                config = JsonNode.Parse(File.ReadAllText(configFile)) as JsonObject ?? throw new JsonException("not a JSON object");
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"posture: --config {configFile}: {e.Message}");
                return 2;
            }
        }

        var catalog = ControlLoader.LoadDirectory(controlsDir);
        var (answers, _) = OfflineExport.Read(offline);
        var mapped = EstateMapper.Map(answers, "offline", DateTimeOffset.UtcNow);
        var report = PostureEvaluator.Evaluate(catalog.Controls, mapped.Assets, mapped.Edges, options: new PostureOptions { Config = config });
        foreach (var e in catalog.Errors)
        {
            stderr.WriteLine("posture: control refused: " + e);
        }

        if (asJson)
        {
            PostureJson.Write(json, report, catalog.Errors);
            json.WriteByte((byte)'\n');
            json.Flush();
        }
        else
        {
            PostureTable.Write(stdout, report, catalog.Errors);
        }

        return 0;
    }
}
