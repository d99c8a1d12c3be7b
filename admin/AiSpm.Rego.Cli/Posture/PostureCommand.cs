using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Posture.Behaviour;
using AiSpm.Posture.Controls;
using AiSpm.Posture.Evaluation;
using AiSpm.Posture.Output;
using AiSpm.Scanner.Mapping;
using AiSpm.Scanner.Offline;

namespace AiSpm.Rego.Cli.Posture;

/// <summary>
/// <c>posture --offline DIR [--json] [--controls DIR] [--config FILE] [--exceptions FILE] [--traffic FILE]</c>: the
/// offline scan of DIR (the same mapping as <c>./aispm scan --offline</c>), then every control over the assets.
/// <c>--config</c> is a JSON object read by the controls as <c>data.aispm.config</c>. <c>--exceptions</c> is a JSON
/// list of <c>{"control", "resource", "reason", "expires"}</c> (<see cref="ExceptionsFile"/>): a failing result under
/// one shows as excepted until it expires, then as failing again. <c>data.aispm.behaviour</c> is built from the X-Ray
/// answers in DIR (<c>xray.get-service-graph*.json</c>, <c>xray.get-trace-summaries*.json</c>) and from traffic
/// summaries saved from the admin: <c>--traffic FILE</c>, else <c>DIR/aispm.traffic.json</c> when present.
/// Exit 0 with a report (whatever it says), 2 on a usage or input error.
/// </summary>
internal static class PostureCommand
{
    /// <summary>Traffic summaries saved beside the provider answers (the offline export skips <c>aispm.*.json</c>).</summary>
    public const string TrafficFileName = "aispm.traffic.json";

    private const string Usage = "usage: aispm posture --offline DIR [--json] [--controls DIR] [--config FILE] [--exceptions FILE] [--traffic FILE]";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream json)
    {
        string? offline = null;
        string? controlsDir = null;
        string? configFile = null;
        string? exceptionsFile = null;
        string? trafficFile = null;
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
                case "--exceptions" when i + 1 < args.Length:
                    exceptionsFile = args[++i];
                    break;
                case "--traffic" when i + 1 < args.Length:
                    trafficFile = args[++i];
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

        List<ExceptionGrant>? grants = null;
        if (exceptionsFile is not null)
        {
            List<string> errors;
            try
            {
                (grants, errors) = ExceptionsFile.Read(exceptionsFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors = [e.Message];
            }

            if (errors.Count > 0)
            {
                foreach (var e in errors)
                {
                    stderr.WriteLine($"posture: --exceptions {exceptionsFile}: {e}");
                }

                return 2;
            }
        }

        trafficFile ??= File.Exists(Path.Combine(offline, TrafficFileName)) ? Path.Combine(offline, TrafficFileName) : null;
        List<TrafficSample> traffic = [];
        if (trafficFile is not null)
        {
            try
            {
                traffic = TrafficExport.Read(trafficFile);
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"posture: traffic {trafficFile}: {e.Message}");
                return 2;
            }
        }

        var now = DateTimeOffset.UtcNow;
        var catalog = ControlLoader.LoadDirectory(controlsDir);
        var (answers, _) = OfflineExport.Read(offline);
        var mapped = EstateMapper.Map(answers, "offline", now);
        // An export does not say when an asset appeared (the mapping stamps them all now): a key never seen in the
        // traffic is then idle since the traffic began.
        var undated = mapped.Assets.Select(static a => a with { FirstSeen = default }).ToList();
        var behaviour = BehaviourDocument.Build(undated, mapped.Edges, traffic, new BehaviourWindow { Now = now });
        var options = new PostureOptions { Config = config, Behaviour = behaviour, Now = now };
        var report = PostureEvaluator.Evaluate(catalog.Controls, mapped.Assets, mapped.Edges, grants, options);
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
