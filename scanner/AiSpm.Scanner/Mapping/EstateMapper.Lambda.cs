using System.Text.Json.Nodes;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Mapping;

public sealed partial class EstateMapper
{
    private readonly Dictionary<string, JsonObject> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _functionSources = new(StringComparer.Ordinal);

    private void LambdaListFunctions(JsonNode body)
    {
        foreach (var f in Json.Objects(body, "Functions"))
        {
            LambdaFunctionConfiguration(f);
        }
    }

    private void LambdaGetFunction(JsonNode body)
    {
        if (Json.Obj(body, "Configuration") is not { } config || LambdaFunctionConfiguration(config) is not { } name)
        {
            Error("malformed_answer", "get-function answer without Configuration.FunctionName");
            return;
        }

        var record = _functions[name];
        if (body["Tags"] is JsonObject tags)
        {
            record["Tags"] = tags.DeepClone();
        }

        if (body["Code"] is JsonObject code)
        {
            record["Code"] = code.DeepClone();
        }
    }

    private string? LambdaFunctionConfiguration(JsonObject? config)
    {
        if (Json.Str(config, "FunctionName") is not { } name || config is null)
        {
            Error("malformed_answer", "function configuration without FunctionName");
            return null;
        }

        _functionSources.TryAdd(name, _source);
        if (_functions.TryGetValue(name, out var existing))
        {
            foreach (var (k, v) in config)
            {
                existing[k] = v?.DeepClone();
            }
        }
        else
        {
            _functions[name] = (JsonObject)config.DeepClone();
        }

        return name;
    }

    /// <summary>
    /// A function becomes an asset when something AI calls it (an action group, a gateway target) or when
    /// <see cref="FunctionRecognizer"/> finds a reason; the reasons go into the document under <c>aispmRecognition</c>.
    /// </summary>
    private void FinishFunctions()
    {
        foreach (var (name, config) in _functions)
        {
            _source = _functionSources[name];
            var roleName = Arn.TryParse(Json.Str(config, "Role"), out var roleArn) ? roleArn.ResourceId : null;
            var statements = roleName is not null && _roles.TryGetValue(roleName, out var role) ? Statements(role) : [];
            var (reasons, models) = FunctionRecognizer.Recognize(config, statements);
            var existing = _graph.Find(AssetKinds.Function, name);
            if (existing is not null && _graph.IsTarget(existing))
            {
                reasons.Insert(0, "called by an agent action group or gateway target");
            }

            if (reasons.Count == 0)
            {
                continue;
            }

            var node = existing ?? Aws(AssetKinds.Function, name);
            node.Name = name;
            node.SetArn(Json.Str(config, "FunctionArn"));
            node.AddTags(config["Tags"]);
            node.Merge(config);
            var why = new JsonArray();
            foreach (var r in reasons)
            {
                why.Add((JsonNode?)JsonValue.Create(r));
            }

            node.Document["aispmRecognition"] = why;
            AssumesRole(node, Json.Str(config, "Role"));
            foreach (var m in models)
            {
                UsesModel(node, m);
            }
        }
    }
}
