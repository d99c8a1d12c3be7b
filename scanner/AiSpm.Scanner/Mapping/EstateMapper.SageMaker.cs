using System.Text.Json.Nodes;
using AiSpm.Scanner.Documents;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Mapping;

public sealed partial class EstateMapper
{
    private readonly Dictionary<string, JsonObject> _endpointConfigs = new(StringComparer.Ordinal);

    private AssetNode SageMakerNode(string kind, string type, string name)
    {
        var node = Aws(kind, "sagemaker/" + type + "/" + name);
        node.Name ??= name;
        node.ArnPattern ??= "arn:aws:sagemaker:{region}:{account}:" + type + "/" + name.ToLowerInvariant();
        return node;
    }

    private void SageMakerListEndpoints(JsonNode body)
    {
        foreach (var e in Json.Objects(body, "Endpoints"))
        {
            if (Json.Str(e, "EndpointName") is { } name)
            {
                var node = SageMakerNode(AssetKinds.Endpoint, "endpoint", name);
                node.SetArn(Json.Str(e, "EndpointArn"));
                if (!node.Document.ContainsKey("EndpointConfigName"))
                {
                    node.Merge(e);
                }
            }
        }
    }

    private void SageMakerDescribeEndpoint(JsonNode body)
    {
        if (body is not JsonObject e || Json.Str(e, "EndpointName") is not { } name)
        {
            Error("malformed_answer", "describe-endpoint answer without EndpointName");
            return;
        }

        var node = SageMakerNode(AssetKinds.Endpoint, "endpoint", name);
        node.SetArn(Json.Str(e, "EndpointArn"));
        node.Merge(e);
    }

    private void SageMakerListEndpointConfigs(JsonNode body)
    {
        foreach (var c in Json.Objects(body, "EndpointConfigs"))
        {
            if (Json.Str(c, "EndpointConfigName") is { } name && !_endpointConfigs.ContainsKey(name))
            {
                _endpointConfigs[name] = c;
            }
        }
    }

    private void SageMakerDescribeEndpointConfig(JsonNode body)
    {
        if (body is JsonObject c && Json.Str(c, "EndpointConfigName") is { } name)
        {
            _endpointConfigs[name] = c;
        }
        else
        {
            Error("malformed_answer", "describe-endpoint-config answer without EndpointConfigName");
        }
    }

    private void SageMakerListModels(JsonNode body)
    {
        foreach (var m in Json.Objects(body, "Models"))
        {
            if (Json.Str(m, "ModelName") is { } name)
            {
                var node = SageMakerNode(AssetKinds.Model, "model", name);
                node.SetArn(Json.Str(m, "ModelArn"));
                if (!node.Document.ContainsKey("ExecutionRoleArn"))
                {
                    node.Merge(m);
                }
            }
        }
    }

    private void SageMakerDescribeModel(JsonNode body)
    {
        if (body is not JsonObject m || Json.Str(m, "ModelName") is not { } name)
        {
            Error("malformed_answer", "describe-model answer without ModelName");
            return;
        }

        var node = SageMakerNode(AssetKinds.Model, "model", name);
        node.SetArn(Json.Str(m, "ModelArn"));
        node.Merge(m);
        AssumesRole(node, Json.Str(m, "ExecutionRoleArn"));
    }

    private void SageMakerListNotebooks(JsonNode body)
    {
        foreach (var n in Json.Objects(body, "NotebookInstances"))
        {
            if (Json.Str(n, "NotebookInstanceName") is { } name)
            {
                var node = SageMakerNode(AssetKinds.Endpoint, "notebook-instance", name);
                node.SetArn(Json.Str(n, "NotebookInstanceArn"));
                if (!node.Document.ContainsKey("RoleArn"))
                {
                    node.Merge(n);
                }
            }
        }
    }

    private void SageMakerDescribeNotebook(JsonNode body)
    {
        if (body is not JsonObject n || Json.Str(n, "NotebookInstanceName") is not { } name)
        {
            Error("malformed_answer", "describe-notebook-instance answer without NotebookInstanceName");
            return;
        }

        var node = SageMakerNode(AssetKinds.Endpoint, "notebook-instance", name);
        node.SetArn(Json.Str(n, "NotebookInstanceArn"));
        node.Merge(n);
        AssumesRole(node, Json.Str(n, "RoleArn"));
    }

    /// <summary>An endpoint's configuration (KMS key, data capture) goes into its document; its variants' models become edges.</summary>
    private void FinishSageMaker()
    {
        var endpoints = new List<AssetNode>();
        foreach (var n in _graph.Nodes)
        {
            if (n.Kind == AssetKinds.Endpoint && n.NativeId.StartsWith("sagemaker/endpoint/", StringComparison.Ordinal))
            {
                endpoints.Add(n);
            }
        }

        foreach (var endpoint in endpoints)
        {
            var configName = Json.Str(endpoint.Document, "EndpointConfigName");
            if (configName is null || !_endpointConfigs.TryGetValue(configName, out var config))
            {
                continue;
            }

            endpoint.Document["endpointConfig"] = SecretRedactor.RedactObject(config);
            foreach (var variant in Json.Objects(config, "ProductionVariants"))
            {
                if (Json.Str(variant, "ModelName") is { } model)
                {
                    _graph.Edge(endpoint, SageMakerNode(AssetKinds.Model, "model", model), EdgeTypes.UsesModel);
                }
            }
        }
    }
}
