using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Mapping;

public sealed partial class EstateMapper
{
    private static readonly string[] GeoPrefixes = ["us.", "eu.", "apac.", "global.", "us-gov.", "ca.", "jp.", "au.", "apne."];

    /// <summary>The role an ARN names, keyed by role name (unique in an account; the ARN keeps the path).</summary>
    private AssetNode? RoleRef(string? arn)
    {
        if (!Arn.TryParse(arn, out var parsed) || parsed.Service != "iam")
        {
            return null;
        }

        var node = Aws(AssetKinds.Role, parsed.ResourceId);
        node.SetArn(arn);
        node.Name ??= parsed.ResourceId;
        return node;
    }

    private void AssumesRole(AssetNode from, string? roleArn)
    {
        if (RoleRef(roleArn) is { } role)
        {
            _graph.Edge(from, role, EdgeTypes.AssumesRole);
        }
    }

    /// <summary>The Lambda function an ARN (possibly qualified) or a bare name names, keyed by function name.</summary>
    private AssetNode FunctionRef(string arnOrName)
    {
        if (Arn.TryParse(arnOrName, out var parsed) && parsed.Service == "lambda")
        {
            var node = Aws(AssetKinds.Function, parsed.ResourceId);
            node.SetArn("arn:" + parsed.Partition + ":lambda:" + parsed.Region + ":" + parsed.Account + ":function:" + parsed.ResourceId);
            node.Name ??= parsed.ResourceId;
            return node;
        }

        var byName = Aws(AssetKinds.Function, arnOrName);
        byName.Name ??= arnOrName;
        byName.ArnPattern ??= "arn:aws:lambda:{region}:{account}:function:" + arnOrName;
        return byName;
    }

    /// <summary>
    /// The model a reference names: a foundation-model id or ARN, an inference profile (id with a geography prefix, or
    /// ARN), a provisioned-throughput ARN, or a custom-model ARN.
    /// </summary>
    private AssetNode? ModelRef(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (Arn.TryParse(value, out var arn))
        {
            switch (arn.ResourceType)
            {
                case "foundation-model":
                    return FoundationModel(arn.ResourceId, arn.Region.Length > 0 ? arn.Region : null, value);
                case "inference-profile" or "application-inference-profile":
                    {
                        var profile = Aws(AssetKinds.Model, arn.ResourceId);
                        profile.SetArn(value);
                        profile.Name ??= arn.ResourceId;
                        return profile;
                    }

                case "custom-model":
                    {
                        var custom = Aws(AssetKinds.CustomModel, value);
                        custom.SetArn(value);
                        return custom;
                    }

                default:
                    {
                        var other = Aws(AssetKinds.Model, value);
                        other.SetArn(value);
                        return other;
                    }
            }
        }

        foreach (var prefix in GeoPrefixes)
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal))
            {
                var profile = Aws(AssetKinds.Model, value);
                profile.Name ??= value;
                profile.ArnPattern ??= "arn:aws:bedrock:{region}:{account}:inference-profile/" + value;
                return profile;
            }
        }

        return FoundationModel(value, null, null);
    }

    /// <summary>A foundation model is keyed by region and model id: the same model in two regions is two assets.</summary>
    private AssetNode FoundationModel(string modelId, string? region, string? arn)
    {
        var r = region ?? (Region.Length > 0 ? Region : null);
        var node = Aws(AssetKinds.Model, (r ?? "") + "/" + modelId);
        node.Name ??= modelId;
        node.Region ??= r;
        node.SetArn(arn);
        node.ArnPattern ??= "arn:aws:bedrock:{region}::foundation-model/" + modelId;
        return node;
    }

    /// <summary>A guardrail by id or ARN (an agent's <c>guardrailIdentifier</c> may be either), keyed by id.</summary>
    private AssetNode? GuardrailRef(string? identifier)
    {
        if (string.IsNullOrEmpty(identifier))
        {
            return null;
        }

        if (Arn.TryParse(identifier, out var arn))
        {
            var node = Aws(AssetKinds.Guardrail, arn.ResourceId);
            node.SetArn(GuardrailArnWithoutVersion(identifier));
            return node;
        }

        var byId = Aws(AssetKinds.Guardrail, identifier);
        byId.ArnPattern ??= "arn:aws:bedrock:{region}:{account}:guardrail/" + identifier;
        return byId;
    }

    private static string GuardrailArnWithoutVersion(string arn)
    {
        // A guardrail version ARN is the guardrail ARN plus ":VERSION".
        var slash = arn.LastIndexOf('/');
        var colon = arn.LastIndexOf(':');
        return colon > slash && slash > 0 ? arn[..colon] : arn;
    }

    private void GuardrailEdge(AssetNode from, System.Text.Json.Nodes.JsonNode? configuration)
    {
        if (GuardrailRef(Json.Str(configuration, "guardrailIdentifier")) is { } guardrail)
        {
            _graph.Edge(from, guardrail, EdgeTypes.HasGuardrail);
        }
    }

    private void UsesModel(AssetNode from, string? model)
    {
        if (ModelRef(model) is { } node)
        {
            _graph.Edge(from, node, EdgeTypes.UsesModel);
        }
    }
}
