using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AiSpm.Scanner.Mapping;

namespace AiSpm.Scanner.Offline;

/// <summary>
/// Reads a folder of AWS CLI outputs (<c>SERVICE.OPERATION[.ANYTHING].json</c>, each what <c>aws SERVICE OPERATION
/// --output json</c> prints) and LiteLLM answers (<c>litellm.PATH.json</c>, the path's <c>/</c> written as <c>-</c>)
/// into provider answers. The part after the operation is the answer's hint (which agent, role or policy it is about)
/// and, where it names an AWS region, its region. A file that is not JSON, or whose service or operation the scanner
/// does not know, becomes an error; nothing is skipped silently, except AiSpm's own files (<c>aispm.*.json</c>, such as
/// the traffic summaries <c>./aispm posture</c> reads), which are no provider's answers.
/// </summary>
public static partial class OfflineExport
{
    [GeneratedRegex(@"^(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-\d$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();

    public static (List<ProviderAnswer> Answers, List<MappingError> Errors) Read(string directory)
    {
        var answers = new List<ProviderAnswer>();
        var errors = new List<MappingError>();
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var path in files)
        {
            // Exports split by region (DIR/us-east-1/bedrock.list-guardrails.json) take the folder's region.
            var relative = Path.GetRelativePath(directory, path);
            var folderRegion = FolderRegion(relative);
            var file = Path.GetFileName(path);
            if (file.StartsWith("aispm.", StringComparison.Ordinal) && file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new MappingError(relative, "unknown_file", "not a .json file; expected SERVICE.OPERATION[.ANYTHING].json"));
                continue;
            }

            if (!TryName(file, out var service, out var operation, out var rest))
            {
                errors.Add(EstateMapper.IsKnownService(service)
                    ? new MappingError(relative, "unknown_operation", "the scanner does not read " + service + " operation in this file name; known: " + KnownList(service))
                    : new MappingError(relative, "unknown_file", "the name does not start with a known SERVICE.OPERATION (for example bedrock-agent.list-agents.json or litellm.key-list.json)"));
                continue;
            }

            JsonNode? body;
            try
            {
                var bytes = File.ReadAllBytes(path);
                body = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException e)
            {
                errors.Add(new MappingError(relative, "malformed_json", "not valid JSON: " + e.Message));
                continue;
            }

            var region = folderRegion;
            if (rest is not null)
            {
                foreach (var part in rest.Split('.'))
                {
                    if (RegionName().IsMatch(part))
                    {
                        region = part;
                    }
                }
            }

            answers.Add(new ProviderAnswer(service, operation, body, rest, region, relative));
        }

        return (answers, errors);
    }

    private static string? FolderRegion(string relative)
    {
        string? region = null;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar)[..^1])
        {
            if (RegionName().IsMatch(part))
            {
                region = part;
            }
        }

        return region;
    }

    private static string KnownList(string service)
    {
        var names = new List<string>();
        foreach (var (s, op) in EstateMapper.KnownOperations)
        {
            if (s == service)
            {
                names.Add(op);
            }
        }

        return string.Join(", ", names);
    }

    /// <summary>
    /// Splits a file name into a known service and operation and the rest. Services are matched longest first
    /// (<c>bedrock-agentcore-control</c> before <c>bedrock-agent</c> before <c>bedrock</c>); LiteLLM paths may hold
    /// dots' worth of dashes, so the longest known operation wins.
    /// </summary>
    internal static bool TryName(string file, out string service, out string operation, out string? rest)
    {
        var stem = file[..^".json".Length];
        service = operation = "";
        rest = null;
        var firstDot = stem.IndexOf('.', StringComparison.Ordinal);
        if (firstDot <= 0)
        {
            return false;
        }

        service = stem[..firstDot];
        var tail = stem[(firstDot + 1)..];
        var best = -1;
        foreach (var (s, op) in EstateMapper.KnownOperations)
        {
            if (s == service && tail.StartsWith(op, StringComparison.Ordinal) && (tail.Length == op.Length || tail[op.Length] == '.') && op.Length > best)
            {
                best = op.Length;
                operation = op;
            }
        }

        if (best < 0)
        {
            return false;
        }

        rest = tail.Length > best + 1 ? tail[(best + 1)..] : null;
        return true;
    }
}
