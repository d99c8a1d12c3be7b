using System.Text.Json.Nodes;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Mapping;

public sealed partial class EstateMapper
{
    /// <summary>
    /// Tag answers (<c>list-tags-for-resource</c>, <c>list-tags</c>) name their resource only in the request, so the
    /// hint (file-name suffix, or the live connector's resource ARN) says which asset they belong to.
    /// </summary>
    private void Tags(JsonNode body)
    {
        var tags = body["tags"] ?? body["Tags"];
        var hint = _current.Hint;
        if (hint is null)
        {
            Error("unknown_parent", "a tags answer needs the resource it is about; name the file " + _current.Service + "." + _current.Operation + ".<resource id, name or ARN>.json");
            return;
        }

        foreach (var part in HintParts(hint))
        {
            var name = Arn.TryParse(part, out var arn) && arn.Service == "lambda" ? arn.ResourceId : part;
            if (_current.Service == "lambda" && _functions.TryGetValue(name, out var function))
            {
                function["Tags"] = tags?.DeepClone();
                return;
            }
        }

        foreach (var n in _graph.Nodes)
        {
            if (n.Provider == Providers.Aws && Matches(n, hint))
            {
                n.AddTags(tags);
                return;
            }
        }

        Error("unknown_parent", "no asset matches '" + hint + "' for this tags answer");
    }

    /// <summary>The account the export was taken in, from <c>sts get-caller-identity</c>.</summary>
    private static string? CallerAccount(ProviderAnswer a) =>
        a.Service == "sts" && a.Operation == "get-caller-identity" ? Json.Str(a.Body, "Account") : null;

    private void CallerIdentity(JsonNode body)
    {
        if (Json.Str(body, "Account") is null)
        {
            Error("malformed_answer", "get-caller-identity answer without Account");
        }
    }

    /// <summary>Details of the foundation models the estate references; models nothing references are not assets.</summary>
    private void BedrockListFoundationModels(JsonNode body)
    {
        foreach (var m in Json.Objects(body, "modelSummaries"))
        {
            var id = Json.Str(m, "modelId");
            var region = Arn.TryParse(Json.Str(m, "modelArn"), out var arn) && arn.Region.Length > 0 ? arn.Region : Region;
            if (id is not null && _graph.Find(AssetKinds.Model, region + "/" + id) is { } node)
            {
                node.SetArn(Json.Str(m, "modelArn"));
                node.Merge(m);
            }
        }
    }

    /// <summary>Trace summaries name the services each trace crossed: <c>service</c> assets with trace counts.</summary>
    private void XRayTraceSummaries(JsonNode body)
    {
        foreach (var t in Json.Objects(body, "TraceSummaries"))
        {
            foreach (var s in Json.Objects(t, "ServiceIds"))
            {
                var name = Json.Str(s, "Name") ?? "?";
                var type = Json.Str(s, "Type") ?? "unknown";
                var account = Json.Str(s, "AccountId");
                var node = Aws(AssetKinds.Service, (account is null ? "" : account + "/") + type + "/" + name);
                node.Name = name;
                node.Account ??= account;
                node.Described = true;
                if (node.Document["traceSummary"] is not JsonObject summary)
                {
                    summary = new JsonObject { ["traces"] = 0, ["faults"] = 0, ["errors"] = 0, ["throttles"] = 0 };
                    node.Document["traceSummary"] = summary;
                }

                Increment(summary, "traces", true);
                Increment(summary, "faults", Json.Str(t, "HasFault") == "true");
                Increment(summary, "errors", Json.Str(t, "HasError") == "true");
                Increment(summary, "throttles", Json.Str(t, "HasThrottle") == "true");
            }
        }
    }

    private static void Increment(JsonObject o, string name, bool when)
    {
        if (when)
        {
            o[name] = o[name]!.GetValue<int>() + 1;
        }
    }
}
