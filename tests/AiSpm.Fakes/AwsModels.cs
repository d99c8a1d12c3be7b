using System.Text.Json.Nodes;

namespace AiSpm.Fakes;

/// <summary>The botocore service models in <c>shared/aws-models</c> (read-only, beside the repository).</summary>
public static class AwsModels
{
    private static readonly Dictionary<string, JsonObject> Cache = [];

    public static string Root
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("AISPM_SHARED");
            if (!string.IsNullOrEmpty(env) && Directory.Exists(Path.Combine(env, "aws-models")))
            {
                return Path.Combine(env, "aws-models");
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "aws-models");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("shared/aws-models not found beside the repository (set AISPM_SHARED)");
        }
    }

    public static JsonObject Load(string service)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(service, out var model))
            {
                var dir = Directory.GetDirectories(Path.Combine(Root, service)).Single();
                model = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "service-2.json")))!.AsObject();
                Cache[service] = model;
            }

            return model;
        }
    }
}
