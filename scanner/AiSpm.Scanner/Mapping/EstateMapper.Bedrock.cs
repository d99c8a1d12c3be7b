using System.Globalization;
using System.Text.Json.Nodes;
using AiSpm.Scanner.Documents;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Mapping;

public sealed partial class EstateMapper
{
    private void BedrockListGuardrails(JsonNode body)
    {
        foreach (var g in Json.Objects(body, "guardrails"))
        {
            if (GuardrailRef(Json.Str(g, "arn") ?? Json.Str(g, "id")) is not { } node)
            {
                continue;
            }

            node.SetArn(Json.Str(g, "arn"));
            node.Name = Json.Str(g, "name") ?? node.Name;
            if (!node.Document.ContainsKey("versions"))
            {
                node.Merge(g);
            }
        }
    }

    /// <summary>
    /// Every version's full configuration is kept under <c>versions</c>; the top level holds the working draft, or the
    /// highest numbered version when no draft was read.
    /// </summary>
    private void BedrockGetGuardrail(JsonNode body)
    {
        if (GuardrailRef(Json.Str(body, "guardrailArn") ?? Json.Str(body, "guardrailId")) is not { } node || body is not JsonObject o)
        {
            Error("malformed_answer", "get-guardrail answer without guardrailId");
            return;
        }

        node.SetArn(GuardrailArnWithoutVersion(Json.Str(body, "guardrailArn") ?? ""));
        node.Name = Json.Str(body, "name") ?? node.Name;
        var version = Json.Str(body, "version") ?? "DRAFT";
        if (node.Document["versions"] is not JsonObject versions)
        {
            versions = [];
            node.Document.Clear();
        }
        else
        {
            node.Document.Remove("versions");
        }

        versions[version] = SecretRedactor.RedactObject(o);
        var top = Json.Str(node.Document, "version");
        if (top is null || version == "DRAFT" || (top != "DRAFT" && VersionNumber(version) > VersionNumber(top)))
        {
            node.Document.Clear();
            node.Merge(o);
        }

        node.Document["versions"] = Json.Sorted(versions);
        node.Described = true;
    }

    private static int VersionNumber(string v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

    /// <summary>One asset per account and region; an empty answer (no <c>loggingConfig</c>) means logging is off.</summary>
    private void BedrockInvocationLogging(JsonNode body)
    {
        var region = _current.Region ?? _region ?? "unknown-region";
        var node = Aws(AssetKinds.InvocationLogging, _account is null ? region : _account + ":" + region);
        node.Region = region;
        node.Account ??= _account;
        node.Name = "model invocation logging " + region;
        node.Merge(body as JsonObject);
        node.Document["loggingConfig"] ??= null;
        AssumesRole(node, Json.Str(Json.Obj(Json.Obj(body, "loggingConfig"), "cloudWatchConfig"), "roleArn"));
    }

    private void BedrockListCustomModels(JsonNode body)
    {
        foreach (var m in Json.Objects(body, "modelSummaries"))
        {
            CustomModel(m);
        }
    }

    private void BedrockGetCustomModel(JsonNode body)
    {
        if (body is JsonObject o)
        {
            CustomModel(o);
        }
    }

    private void CustomModel(JsonObject m)
    {
        var arn = Json.Str(m, "modelArn");
        if (arn is null)
        {
            Error("malformed_answer", "custom model without modelArn");
            return;
        }

        var node = Aws(AssetKinds.CustomModel, arn);
        node.SetArn(arn);
        node.Name = Json.Str(m, "modelName") ?? node.Name;
        node.Merge(m);
        UsesModel(node, Json.Str(m, "baseModelArn"));
    }

    private void BedrockListProvisioned(JsonNode body)
    {
        foreach (var p in Json.Objects(body, "provisionedModelSummaries"))
        {
            Provisioned(p);
        }
    }

    private void Provisioned(JsonObject p)
    {
        var arn = Json.Str(p, "provisionedModelArn");
        if (arn is null)
        {
            Error("malformed_answer", "provisioned throughput without provisionedModelArn");
            return;
        }

        var node = Aws(AssetKinds.Model, arn);
        node.SetArn(arn);
        node.Name = Json.Str(p, "provisionedModelName") ?? node.Name;
        node.Merge(p);
        UsesModel(node, Json.Str(p, "modelArn"));
    }

    private void BedrockListInferenceProfiles(JsonNode body)
    {
        foreach (var p in Json.Objects(body, "inferenceProfileSummaries"))
        {
            InferenceProfile(p);
        }
    }

    private void InferenceProfile(JsonObject p)
    {
        var arn = Json.Str(p, "inferenceProfileArn");
        var node = ModelRef(arn ?? Json.Str(p, "inferenceProfileId"));
        if (node is null)
        {
            Error("malformed_answer", "inference profile without inferenceProfileArn or inferenceProfileId");
            return;
        }

        node.Name = Json.Str(p, "inferenceProfileName") ?? node.Name;
        node.Merge(p);
        foreach (var m in Json.Objects(p, "models"))
        {
            if (ModelRef(Json.Str(m, "modelArn")) is { } target)
            {
                _graph.Edge(node, target, EdgeTypes.RoutesTo);
            }
        }
    }
}
