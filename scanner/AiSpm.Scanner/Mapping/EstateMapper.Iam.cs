using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Scanner.Documents;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Mapping;

public sealed partial class EstateMapper
{
    private static readonly string[] AiServicePrincipals =
        ["bedrock.amazonaws.com", "bedrock-agentcore.amazonaws.com", "sagemaker.amazonaws.com"];

    private readonly Dictionary<string, RoleRecord> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? Name, JsonNode? Document)> _policies = new(StringComparer.Ordinal);

    private RoleRecord RoleRecordFor(string name)
    {
        if (!_roles.TryGetValue(name, out var r))
        {
            r = new RoleRecord(name);
            _roles.Add(name, r);
        }

        r.Source ??= _source;

        return r;
    }

    private void IamListRoles(JsonNode body)
    {
        foreach (var role in Json.Objects(body, "Roles"))
        {
            RoleFromAnswer(role);
        }
    }

    private void IamGetRole(JsonNode body)
    {
        if (Json.Obj(body, "Role") is { } role)
        {
            RoleFromAnswer(role);
        }
        else
        {
            Error("malformed_answer", "get-role answer without Role");
        }
    }

    private RoleRecord? RoleFromAnswer(JsonObject role)
    {
        if (Json.Str(role, "RoleName") is not { } name)
        {
            return null;
        }

        var record = RoleRecordFor(name);
        if (record.Role is null)
        {
            record.Role = role;
        }
        else
        {
            foreach (var (k, v) in role)
            {
                record.Role[k] = v?.DeepClone();
            }
        }

        return record;
    }

    private RoleRecord? HintedRole(string what)
    {
        if (_current.Hint is { } hint)
        {
            foreach (var part in HintParts(hint))
            {
                var name = Arn.TryParse(part, out var arn) ? arn.ResourceId : part;
                if (_roles.TryGetValue(name, out var known))
                {
                    return known;
                }
            }

            return RoleRecordFor(Arn.TryParse(hint, out var a) ? a.ResourceId : hint.Split('.')[0]);
        }

        if (_roles.Count == 1)
        {
            foreach (var only in _roles.Values)
            {
                return only;
            }
        }

        Error("unknown_parent", "cannot tell which role this " + what + " answer belongs to; name the file iam." + _current.Operation + ".<role name>.json");
        return null;
    }

    private void IamAttachedPolicies(JsonNode body)
    {
        if (HintedRole("list-attached-role-policies") is not { } role)
        {
            return;
        }

        foreach (var p in Json.Objects(body, "AttachedPolicies"))
        {
            if (Json.Str(p, "PolicyArn") is { } arn)
            {
                role.Attached[arn] = Json.Str(p, "PolicyName");
            }
        }
    }

    private void IamRolePolicyNames(JsonNode body)
    {
        if (HintedRole("list-role-policies") is not { } role)
        {
            return;
        }

        foreach (var name in Json.Strings(body["PolicyNames"]))
        {
            role.Inline.TryAdd(name, null);
        }
    }

    private void IamGetRolePolicy(JsonNode body)
    {
        var roleName = Json.Str(body, "RoleName");
        var role = roleName is null ? HintedRole("get-role-policy") : RoleRecordFor(roleName);
        if (role is null || Json.Str(body, "PolicyName") is not { } policy)
        {
            return;
        }

        role.Inline[policy] = PolicyDocument(body["PolicyDocument"]);
    }

    private void IamGetPolicy(JsonNode body)
    {
        var p = Json.Obj(body, "Policy");
        if (Json.Str(p, "Arn") is { } arn)
        {
            _policies[arn] = (Json.Str(p, "PolicyName"), _policies.GetValueOrDefault(arn).Document);
        }
    }

    private void IamGetPolicyVersion(JsonNode body)
    {
        var v = Json.Obj(body, "PolicyVersion");
        if (v is null || Json.Str(v, "IsDefaultVersion") == "false")
        {
            return;
        }

        string? target = null;
        if (_current.Hint is { } hint)
        {
            foreach (var part in HintParts(hint))
            {
                target ??= FindPolicy(part);
            }
        }

        if (target is null)
        {
            var unresolved = new List<string>();
            foreach (var (arn, (_, doc)) in _policies)
            {
                if (doc is null)
                {
                    unresolved.Add(arn);
                }
            }

            foreach (var role in _roles.Values)
            {
                foreach (var arn in role.Attached.Keys)
                {
                    if (!_policies.ContainsKey(arn) && !unresolved.Contains(arn))
                    {
                        unresolved.Add(arn);
                    }
                }
            }

            if (unresolved.Count == 1)
            {
                target = unresolved[0];
            }
        }

        if (target is null)
        {
            Error("unknown_parent", "cannot tell which policy this get-policy-version answer belongs to; name the file iam.get-policy-version.<policy name>.json");
            return;
        }

        _policies[target] = (_policies.GetValueOrDefault(target).Name, PolicyDocument(v["Document"]));
    }

    private string? FindPolicy(string hint)
    {
        if (_policies.ContainsKey(hint))
        {
            return hint;
        }

        foreach (var arn in _policies.Keys)
        {
            if (arn.EndsWith("/" + hint, StringComparison.Ordinal) || _policies[arn].Name == hint)
            {
                return arn;
            }
        }

        foreach (var role in _roles.Values)
        {
            foreach (var (arn, name) in role.Attached)
            {
                if (arn.EndsWith("/" + hint, StringComparison.Ordinal) || name == hint || arn == hint)
                {
                    return arn;
                }
            }
        }

        return null;
    }

    private void IamAuthorizationDetails(JsonNode body)
    {
        foreach (var detail in Json.Objects(body, "RoleDetailList"))
        {
            if (RoleFromAnswer(Json.Without(detail, "RolePolicyList", "AttachedManagedPolicies", "InstanceProfileList")) is not { } role)
            {
                continue;
            }

            foreach (var p in Json.Objects(detail, "AttachedManagedPolicies"))
            {
                if (Json.Str(p, "PolicyArn") is { } arn)
                {
                    role.Attached[arn] = Json.Str(p, "PolicyName");
                }
            }

            foreach (var p in Json.Objects(detail, "RolePolicyList"))
            {
                if (Json.Str(p, "PolicyName") is { } name)
                {
                    role.Inline[name] = PolicyDocument(p["PolicyDocument"]);
                }
            }
        }

        foreach (var p in Json.Objects(body, "Policies"))
        {
            if (Json.Str(p, "Arn") is not { } arn)
            {
                continue;
            }

            JsonNode? document = null;
            foreach (var v in Json.Objects(p, "PolicyVersionList"))
            {
                if (Json.Str(v, "IsDefaultVersion") == "true" || document is null)
                {
                    document = PolicyDocument(v["Document"]);
                }
            }

            _policies[arn] = (Json.Str(p, "PolicyName"), document);
        }
    }

    /// <summary>
    /// A policy document as an object: the CLI prints it decoded, the query API returns it URL-encoded.
    /// </summary>
    internal static JsonNode? PolicyDocument(JsonNode? value)
    {
        if (value is JsonObject)
        {
            return value.DeepClone();
        }

        if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
        {
            return null;
        }

        if (text.StartsWith('%'))
        {
            text = Uri.UnescapeDataString(text);
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            try
            {
                return JsonNode.Parse(Uri.UnescapeDataString(text));
            }
            catch (JsonException)
            {
                return JsonValue.Create(text);
            }
        }
    }

    /// <summary>Every statement a role holds, each tagged with the policy it comes from.</summary>
    private List<JsonObject> Statements(RoleRecord role)
    {
        var list = new List<JsonObject>();
        void From(JsonNode? document, string source, string kind)
        {
            var statements = document?["Statement"];
            var items = statements is JsonArray a ? a : statements is JsonObject one ? new JsonArray(one.DeepClone()) : [];
            foreach (var s in items)
            {
                if (s is JsonObject so)
                {
                    var copy = (JsonObject)so.DeepClone();
                    copy["policy"] = source;
                    copy["policyType"] = kind;
                    list.Add(copy);
                }
            }
        }

        foreach (var (arn, _) in role.Attached)
        {
            From(_policies.GetValueOrDefault(arn).Document, arn, "managed");
        }

        foreach (var (name, doc) in role.Inline)
        {
            From(doc, name, "inline");
        }

        return list;
    }

    private static bool TrustsAiService(JsonObject? role)
    {
        var trust = PolicyDocument(role?["AssumeRolePolicyDocument"]);
        var text = trust?.ToJsonString() ?? "";
        foreach (var p in AiServicePrincipals)
        {
            if (text.Contains(p, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Roles become assets when an AI asset assumes them or when they trust an AI service; their documents hold the
    /// role, its attached and inline policies, and every statement resolved.
    /// </summary>
    private void FinishRoles()
    {
        foreach (var record in _roles.Values)
        {
            _source = record.Source ?? _source;
            var existing = _graph.Find(AssetKinds.Role, record.Name);
            if (existing is null && !TrustsAiService(record.Role))
            {
                continue;
            }

            var node = existing ?? Aws(AssetKinds.Role, record.Name);
            node.Name = record.Name;
            node.SetArn(Json.Str(record.Role, "Arn"));
            node.ArnPattern ??= "arn:aws:iam::{account}:role/" + record.Name;
            if (record.Role is { } role)
            {
                var copy = (JsonObject)role.DeepClone();
                copy["AssumeRolePolicyDocument"] = PolicyDocument(role["AssumeRolePolicyDocument"]);
                node.Merge(copy);
                node.AddTags(role["Tags"]);
            }

            var attached = new JsonArray();
            foreach (var (arn, name) in record.Attached)
            {
                attached.Add((JsonNode)new JsonObject
                {
                    ["PolicyArn"] = arn,
                    ["PolicyName"] = name ?? _policies.GetValueOrDefault(arn).Name,
                    ["Document"] = _policies.GetValueOrDefault(arn).Document?.DeepClone(),
                });
            }

            var inline = new JsonArray();
            foreach (var (name, doc) in record.Inline)
            {
                inline.Add((JsonNode)new JsonObject { ["PolicyName"] = name, ["PolicyDocument"] = doc?.DeepClone() });
            }

            node.Document["AttachedPolicies"] = attached;
            node.Document["InlinePolicies"] = inline;
            var statements = new JsonArray();
            foreach (var s in Statements(record))
            {
                statements.Add((JsonNode)s);
            }

            node.Document["Statements"] = SecretRedactor.Redact(statements);
            node.Described = true;
        }

        foreach (var n in _graph.Nodes)
        {
            if (n.Kind == AssetKinds.Role && n.ArnPattern is null)
            {
                n.ArnPattern = "arn:aws:iam::{account}:role/" + n.NativeId;
            }
        }
    }
}
