using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace AiSpm.Scanner.Aws;

/// <summary>
/// Turns a query-protocol answer (<c>&lt;GetRoleResponse&gt;&lt;GetRoleResult&gt;...</c>) into the JSON the AWS CLI
/// prints for it: the result wrapper's members, <c>member</c> lists as arrays, booleans and integers typed, and
/// URL-encoded policy documents decoded, so that the live and offline scans map the same shape.
/// </summary>
internal static class QueryXml
{
    private static readonly HashSet<string> Lists = new(StringComparer.Ordinal)
    {
        "Roles", "AttachedPolicies", "PolicyNames", "Tags", "PolicyVersionList", "Policies", "RoleDetailList", "RolePolicyList",
        "AttachedManagedPolicies", "InstanceProfileList",
    };

    private static readonly HashSet<string> Booleans = new(StringComparer.Ordinal) { "IsTruncated", "IsDefaultVersion", "IsAttachable" };

    private static readonly HashSet<string> Integers = new(StringComparer.Ordinal)
    {
        "MaxSessionDuration", "AttachmentCount", "PermissionsBoundaryUsageCount",
    };

    private static readonly HashSet<string> PolicyDocuments = new(StringComparer.Ordinal) { "PolicyDocument", "AssumeRolePolicyDocument", "Document" };

    /// <exception cref="XmlException">The answer is not XML or has no result element.</exception>
    public static JsonObject Parse(string xml, string operation)
    {
        var doc = XDocument.Parse(xml);
        var root = doc.Root ?? throw new XmlException("empty document");
        var result = root.Element(root.Name.Namespace + operation + "Result");
        if (result is null)
        {
            if (root.Name.LocalName == operation + "Response")
            {
                return [];
            }

            throw new XmlException("no " + operation + "Result element in a " + root.Name.LocalName);
        }

        return (JsonObject)Convert(result, "")!;
    }

    private static JsonNode? Convert(XElement e, string name)
    {
        var children = new List<XElement>(e.Elements());
        if (children.Count == 0)
        {
            if (Lists.Contains(name))
            {
                return new JsonArray();
            }

            return Scalar(name, e.Value);
        }

        if (children.TrueForAll(static c => c.Name.LocalName == "member"))
        {
            var array = new JsonArray();
            foreach (var c in children)
            {
                array.Add(Convert(c, "member"));
            }

            return array;
        }

        var o = new JsonObject();
        foreach (var c in children)
        {
            o[c.Name.LocalName] = Convert(c, c.Name.LocalName);
        }

        return o;
    }

    private static JsonNode? Scalar(string name, string value)
    {
        if (Booleans.Contains(name) && bool.TryParse(value, out var b))
        {
            return JsonValue.Create(b);
        }

        if (Integers.Contains(name) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            return JsonValue.Create(n);
        }

        if (PolicyDocuments.Contains(name))
        {
            return Mapping.EstateMapper.PolicyDocument(JsonValue.Create(value));
        }

        return JsonValue.Create(value);
    }
}
