using System.Reflection;
using AiSpm.Admin.Storage.Dynamo;
using AiSpm.Admin.Tests.Support;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using YamlDotNet.RepresentationModel;

namespace AiSpm.Admin.Tests.Deployment;

/// <summary>
/// infra/cloudformation/platform.yaml creates the DynamoDB tables in AWS; the admin creates the same tables in local
/// mode. Both must agree, so the tables the code creates (recorded through a fake client, TTL included) are compared
/// with the template's, key by key and index by index.
/// </summary>
public sealed class DynamoTablesTemplateTests
{
    private const string Environment = "prod";

    [Fact]
    public async Task PlatformTemplateDefinesExactlyTheTablesTheCodeCreates()
    {
        var code = await RecordEnsureAsync();
        var template = TemplateTables();

        Assert.Equal(code.Keys.Order(StringComparer.Ordinal), template.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, expected) in code)
        {
            Assert.Equal(expected, template[name]);
        }
    }

    [Fact]
    public void EveryTemplateTableHasPointInTimeRecoveryEncryptionAndRetention()
    {
        foreach (var table in TableResources())
        {
            var p = (YamlMappingNode)table["Properties"];
            Assert.Equal("true", Scalar(Child(p, "PointInTimeRecoverySpecification"), "PointInTimeRecoveryEnabled"));
            Assert.Equal("true", Scalar(Child(p, "SSESpecification"), "SSEEnabled"));
            Assert.Equal("Retain", Scalar(table, "DeletionPolicy"));
        }
    }

    [Fact]
    public async Task TheComparisonNoticesADifference()
    {
        // The description the test compares is sensitive to what matters: a missing GSI changes it.
        var code = await RecordEnsureAsync();
        var events = new DynamoTables(Environment).Definitions().First();
        events.GlobalSecondaryIndexes.RemoveAt(0);
        Assert.NotEqual(code[events.TableName], Describe(events, ttl: "expiresAt"));
    }

    private static async Task<Dictionary<string, string>> RecordEnsureAsync()
    {
        var client = DispatchProxy.Create<IAmazonDynamoDB, RecordingDynamo>();
        var recorder = (RecordingDynamo)(object)client;
        await new DynamoTables(Environment).EnsureAsync(client, _ => { }, CancellationToken.None);
        await new DynamoAssetTable(Environment).EnsureAsync(client, CancellationToken.None);
        await new DynamoGuardianTable(Environment).EnsureAsync(client, CancellationToken.None);
        Assert.Equal(7, recorder.Created.Count);
        return recorder.Created.ToDictionary(
            c => c.TableName,
            c => Describe(c, recorder.TimeToLive.FirstOrDefault(t => t.TableName == c.TableName)?.TimeToLiveSpecification.AttributeName));
    }

    /// <summary>One line per fact about a table, sorted where order does not matter to DynamoDB.</summary>
    private static string Describe(CreateTableRequest t, string? ttl)
    {
        var lines = new List<string>
        {
            "billing " + t.BillingMode.Value,
            "key " + string.Join(",", t.KeySchema.Select(k => k.AttributeName + ":" + k.KeyType.Value)),
            "ttl " + (ttl ?? "none"),
        };
        lines.AddRange(t.AttributeDefinitions.Select(a => "attribute " + a.AttributeName + ":" + a.AttributeType.Value).Order(StringComparer.Ordinal));
        lines.AddRange((t.GlobalSecondaryIndexes ?? []).Select(g =>
            "gsi " + g.IndexName + " " + string.Join(",", g.KeySchema.Select(k => k.AttributeName + ":" + k.KeyType.Value)) + " " + g.Projection.ProjectionType.Value)
            .Order(StringComparer.Ordinal));
        return string.Join("\n", lines);
    }

    private static Dictionary<string, string> TemplateTables()
    {
        var tables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in TableResources())
        {
            var p = (YamlMappingNode)table["Properties"];
            var name = Scalar(p, "TableName").Replace("${EnvironmentName}", Environment, StringComparison.Ordinal);
            var request = new CreateTableRequest
            {
                TableName = name,
                BillingMode = BillingMode.FindValue(Scalar(p, "BillingMode")),
                KeySchema = Keys(Child(p, "KeySchema")),
                AttributeDefinitions = [.. Items(Child(p, "AttributeDefinitions")).Select(a =>
                    new AttributeDefinition(Scalar(a, "AttributeName"), ScalarAttributeType.FindValue(Scalar(a, "AttributeType"))))],
                GlobalSecondaryIndexes = p.Children.ContainsKey("GlobalSecondaryIndexes")
                    ? [.. Items(Child(p, "GlobalSecondaryIndexes")).Select(g => new GlobalSecondaryIndex
                    {
                        IndexName = Scalar(g, "IndexName"),
                        KeySchema = Keys(Child(g, "KeySchema")),
                        Projection = new Projection { ProjectionType = ProjectionType.FindValue(Scalar(Child(g, "Projection"), "ProjectionType")) },
                    })]
                    : [],
            };
            string? ttl = null;
            if (p.Children.TryGetValue("TimeToLiveSpecification", out var spec))
            {
                Assert.Equal("true", Scalar(spec, "Enabled"));
                ttl = Scalar(spec, "AttributeName");
            }

            tables.Add(name, Describe(request, ttl));
        }

        return tables;
    }

    private static List<KeySchemaElement> Keys(YamlNode node) =>
        [.. Items(node).Select(k => new KeySchemaElement(Scalar(k, "AttributeName"), KeyType.FindValue(Scalar(k, "KeyType"))))];

    private static IEnumerable<YamlMappingNode> TableResources()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepoPaths.Root, "infra", "cloudformation", "platform.yaml")))
        {
            yaml.Load(reader);
        }

        var resources = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["Resources"];
        var tables = resources.Children.Values.Cast<YamlMappingNode>().Where(r => Scalar(r, "Type") == "AWS::DynamoDB::Table").ToList();
        Assert.NotEmpty(tables);
        return tables;
    }

    private static YamlNode Child(YamlNode node, string key) => ((YamlMappingNode)node)[key];

    private static IEnumerable<YamlMappingNode> Items(YamlNode node) => ((YamlSequenceNode)node).Children.Cast<YamlMappingNode>();

    private static string Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value!;

    /// <summary>A stand-in IAmazonDynamoDB that records what EnsureAsync asks for on an empty account.</summary>
    public class RecordingDynamo : DispatchProxy
    {
        public List<CreateTableRequest> Created { get; } = [];
        public List<UpdateTimeToLiveRequest> TimeToLive { get; } = [];

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod?.Name)
            {
                case nameof(IAmazonDynamoDB.ListTablesAsync):
                    return Task.FromResult(new ListTablesResponse { TableNames = [] });
                case nameof(IAmazonDynamoDB.CreateTableAsync):
                    Created.Add((CreateTableRequest)args![0]!);
                    return Task.FromResult(new CreateTableResponse());
                case nameof(IAmazonDynamoDB.DescribeTableAsync):
                    return Task.FromResult(new DescribeTableResponse { Table = new TableDescription { TableStatus = TableStatus.ACTIVE } });
                case nameof(IAmazonDynamoDB.UpdateTimeToLiveAsync):
                    TimeToLive.Add((UpdateTimeToLiveRequest)args![0]!);
                    return Task.FromResult(new UpdateTimeToLiveResponse());
                default:
                    throw new NotSupportedException("EnsureAsync called " + targetMethod?.Name + "; teach RecordingDynamo about it");
            }
        }
    }
}
