using System.Text.Json.Nodes;
using AiSpm.Posture.Controls;
using AiSpm.Rego;
using AiSpm.Scanner.Model;

namespace AiSpm.Posture.Tests;

/// <summary>Builds controls from Rego text and assets from JSON for the tests.</summary>
internal static class TestControls
{
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AiSpm.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return dir!.FullName;
    }

    public static string Metadata(string id, string kind, string severity = "high", string frameworks = "owasp-llm:LLM01", string? resourceId = null) =>
        $"""
        # METADATA
        # title: Test control {id}
        # description: >-
        #   A control for the tests.
        # custom:
        #   id: {id}
        #   severity: {severity}
        #   resource_kind: {kind}
        {(resourceId is null ? "#" : $"#   resource_id: \"{resourceId}\"")}
        #   frameworks:
        #     - {frameworks}
        #   remediation: |
        #     Fix it.
        #     Then check again.

        """;

    public static Control Load(string id, string kind, string rules, string severity = "high", string frameworks = "owasp-llm:LLM01", string? resourceId = null)
    {
        var text = Metadata(id, kind, severity, frameworks, resourceId) + $"package aispm.controls.{id}\n\nimport rego.v1\n\n" + rules;
        var (control, error) = ControlLoader.Load(new RegoSource(id + ".rego", text), null, []);
        Assert.True(error is null, error?.ToString());
        return control!;
    }

    public static Asset Asset(string id, string kind, string document, string? account = "111122223333", string? owner = null, string provider = "aws") => new()
    {
        Id = id,
        Kind = kind,
        Provider = provider,
        Name = id,
        Account = account,
        Owner = owner,
        Document = (JsonObject)JsonNode.Parse(document)!,
    };
}
