using System.Text.Json.Nodes;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Mapping;

public sealed partial class EstateMapper
{
    private AssetNode LiteLlm(string kind, string nativeId) => _graph.Node(Providers.LiteLlm, kind, nativeId, _source);

    /// <summary>The proxy itself: the live connector names it by its base URL, an export by the hint or "proxy".</summary>
    private AssetNode LiteLlmProxy()
    {
        var name = _current.Scope is { Length: > 0 } proxy ? proxy : "proxy";
        var node = LiteLlm(AssetKinds.Gateway, name);
        node.Name ??= "LiteLLM " + name;
        return node;
    }

    /// <summary>
    /// <c>/model/info</c>: each entry is one deployment. Its <c>model_name</c> (what clients ask for) becomes a
    /// <c>route</c>, its <c>litellm_params.model</c> (the provider model) a <c>model</c>, joined by <c>routes_to</c>.
    /// </summary>
    private void LiteLlmModelInfo(JsonNode body)
    {
        var data = body is JsonArray bare ? bare : Json.Arr(body, "data");
        foreach (var item in data)
        {
            if (item is not JsonObject d || Json.Str(d, "model_name") is not { } routeName)
            {
                continue;
            }

            var route = LiteLlm(AssetKinds.Route, routeName);
            route.Name = routeName;
            if (route.Document["deployments"] is not JsonArray deployments)
            {
                deployments = [];
                route.Document["deployments"] = deployments;
            }

            deployments.Add((JsonNode)Documents.SecretRedactor.RedactObject(d));
            route.Described = true;
            var target = Json.Str(Json.Obj(d, "litellm_params"), "model");
            if (target is not null)
            {
                var model = LiteLlm(AssetKinds.Model, target);
                model.Name = target;
                model.Merge(Json.Obj(d, "model_info"));
                _graph.Edge(route, model, EdgeTypes.RoutesTo);
            }

            if (Json.Str(Json.Obj(d, "model_info"), "team_id") is { } team)
            {
                _graph.Edge(route, LiteLlm(AssetKinds.Team, team), EdgeTypes.BelongsToTeam);
            }
        }
    }

    /// <summary><c>/v1/models</c>: the names clients may call, as routes.</summary>
    private void LiteLlmModelList(JsonNode body)
    {
        foreach (var m in Json.Objects(body, "data"))
        {
            if (Json.Str(m, "id") is { } id)
            {
                var route = LiteLlm(AssetKinds.Route, id);
                route.Name = id;
                route.Described = true;
            }
        }
    }

    private void LiteLlmTeams(JsonNode body)
    {
        var teams = body is JsonArray bare ? bare : Json.Arr(body, "teams");
        foreach (var item in teams)
        {
            if (item is not JsonObject t || Json.Str(t, "team_id") is not { } id)
            {
                continue;
            }

            var node = LiteLlm(AssetKinds.Team, id);
            node.Name = Json.Str(t, "team_alias") ?? id;
            // The keys of a team are their own assets; the team document keeps what governs the team.
            node.Merge(Json.Without(t, "keys"));
            node.Owner = node.Name;
        }
    }

    /// <summary>
    /// <c>/key/list</c> with full objects: each key with its allowed models, budget, expiry, team and metadata. A key
    /// whose <c>models</c> is empty or <c>all-proxy-models</c> may call every route.
    /// </summary>
    private void LiteLlmKeys(JsonNode body)
    {
        var proxy = LiteLlmProxy();
        foreach (var item in Json.Arr(body, "keys"))
        {
            if (item is JsonValue v && v.TryGetValue<string>(out var hashed))
            {
                // Without return_full_object the proxy lists only the hashed tokens.
                var bareKey = LiteLlm(AssetKinds.Key, hashed);
                bareKey.Described = true;
                _graph.Edge(bareKey, proxy, EdgeTypes.AuthenticatesWith);
                continue;
            }

            if (item is not JsonObject k || (Json.Str(k, "token") ?? Json.Str(k, "key_name")) is not { } id)
            {
                continue;
            }

            var node = LiteLlm(AssetKinds.Key, id);
            node.Name = Json.Str(k, "key_alias") ?? Json.Str(k, "key_name") ?? node.Name;
            node.Merge(k);
            node.AddTags(Json.Obj(k, "metadata")?["tags"]);
            _graph.Edge(node, proxy, EdgeTypes.AuthenticatesWith);
            if (Json.Str(k, "team_id") is { } team)
            {
                _graph.Edge(node, LiteLlm(AssetKinds.Team, team), EdgeTypes.BelongsToTeam);
            }

            var models = new List<string>(Json.Strings(k["models"]));
            var all = models.Count == 0 || models.Contains("all-proxy-models");
            node.Document["aispmAllModels"] = all;
            foreach (var m in models)
            {
                if (m is not "all-proxy-models" and not "all-team-models")
                {
                    _graph.Edge(node, LiteLlm(AssetKinds.Route, m), EdgeTypes.UsesModel);
                }
            }
        }
    }

    private void LiteLlmGuardrails(JsonNode body)
    {
        var proxy = LiteLlmProxy();
        var list = body is JsonArray bare ? bare : Json.Arr(body, "guardrails");
        foreach (var item in list)
        {
            if (item is not JsonObject g || (Json.Str(g, "guardrail_name") ?? Json.Str(g, "guardrail_id")) is not { } name)
            {
                continue;
            }

            var node = LiteLlm(AssetKinds.Guardrail, name);
            node.Name = name;
            node.Merge(g);
            _graph.Edge(proxy, node, EdgeTypes.HasGuardrail);
        }
    }

    /// <summary>Keys that may call every model get an edge to every route; keys and routes take their team as owner.</summary>
    private void FinishLiteLlm()
    {
        var routes = new List<AssetNode>();
        var keys = new List<AssetNode>();
        foreach (var n in _graph.Nodes)
        {
            if (n.Provider != Providers.LiteLlm)
            {
                continue;
            }

            if (n.Kind == AssetKinds.Route)
            {
                routes.Add(n);
            }
            else if (n.Kind == AssetKinds.Key)
            {
                keys.Add(n);
            }
        }

        foreach (var key in keys)
        {
            if (key.Document["aispmAllModels"] is JsonValue v && v.TryGetValue<bool>(out var all) && all)
            {
                foreach (var route in routes)
                {
                    _graph.Edge(key, route, EdgeTypes.UsesModel);
                }
            }

            if (Json.Str(key.Document, "team_id") is { } team && _graph.Find(AssetKinds.Team, team) is { } t)
            {
                key.Owner ??= t.Name;
            }
        }
    }
}
