using System.Text.Json.Nodes;
using AiSpm.Posture.Evaluation;
using AiSpm.Rego.Values;
using AiSpm.Scanner.Model;

namespace AiSpm.Posture.Tests.Evaluation;

public class PostureEvaluatorTests
{
    private const string Kinto = """
        default risky := true

        risky := false if {
        	some filter in input.ContentPolicy.Filters
        	lower(filter.Type) == "prompt_attack"
        	lower(filter.InputStrength) == "high"
        }

        """;

    private static readonly Asset Strong = TestControls.Asset("arn:aws:bedrock:us-east-1:1:guardrail/strong", "guardrail",
        """{"name":"strong","contentPolicy":{"filters":[{"type":"PROMPT_ATTACK","inputStrength":"HIGH","outputStrength":"NONE"}]}}""");

    private static readonly Asset Weak = TestControls.Asset("arn:aws:bedrock:us-east-1:1:guardrail/weak", "guardrail",
        """{"name":"weak","contentPolicy":{"filters":[{"type":"PROMPT_ATTACK","inputStrength":"LOW","outputStrength":"NONE"}]}}""");

    private static readonly Asset Agent = TestControls.Asset("arn:aws:bedrock:us-east-1:1:agent/A1", "agent", """{"agentName":"a1"}""");

    [Fact]
    public void RunsAControlOverEveryAssetOfItsKindWithTheDocumentPascalCased()
    {
        var control = TestControls.Load("kinto", "guardrail", Kinto);
        var report = PostureEvaluator.Evaluate([control], [Weak, Agent, Strong], []);
        var results = Assert.Single(report.Controls).Results;
        Assert.Equal(2, results.Count);
        Assert.Equal((Strong.Id, ResultStatus.Passing), (results[0].ResourceId, results[0].Status));
        Assert.Equal((Weak.Id, ResultStatus.Failing), (results[1].ResourceId, results[1].Status));
        Assert.Equal(["Test control kinto"], results[1].Reasons);
        var evidence = Assert.Single(results[1].Evidence);
        Assert.Equal("input.ContentPolicy.Filters", evidence.Path);
        Assert.Equal(RegoJson.Parse("""[{"Type":"PROMPT_ATTACK","InputStrength":"LOW","OutputStrength":"NONE"}]"""), evidence.Value);
        Assert.Empty(results[0].Evidence);
    }

    [Fact]
    public void DenyMessagesAreTheReasonsAndMissingFieldsAreEvidenceWithoutAValue()
    {
        var control = TestControls.Load("kms", "guardrail", """
            deny contains msg if {
            	not input.KmsKeyArn
            	msg := sprintf("guardrail %s has no KMS key", [input.Name])
            }

            """);
        var r = Assert.Single(Assert.Single(PostureEvaluator.Evaluate([control], [Weak], []).Controls).Results);
        Assert.Equal(ResultStatus.Failing, r.Status);
        Assert.Equal(["guardrail weak has no KMS key"], r.Reasons);
        Assert.Contains(r.Evidence, e => e.Path == "input.KmsKeyArn" && e.Value is null);
        Assert.Contains(r.Evidence, e => e.Path == "input.Name" && e.Value == new RegoString("weak"));
    }

    [Fact]
    public void ResourceIdPatternNarrowsTheKind()
    {
        var litellm = TestControls.Asset("litellm:guardrail:presidio", "guardrail", """{"guardrail_name":"presidio"}""", provider: "litellm");
        var control = TestControls.Load("kinto", "guardrail", Kinto, resourceId: "arn:aws:bedrock:*:guardrail/*");
        var results = Assert.Single(PostureEvaluator.Evaluate([control], [litellm, Weak], []).Controls).Results;
        Assert.Equal(Weak.Id, Assert.Single(results).ResourceId);
    }

    [Fact]
    public void RelatedAssetsAndEdgesAreUnderDataAispm()
    {
        var role = TestControls.Asset("arn:aws:iam::1:role/r", "role", """{"RoleName":"r","AttachedPolicies":[{"PolicyArn":"arn:aws:iam::aws:policy/AmazonBedrockFullAccess"}]}""");
        var team = TestControls.Asset("litellm:team:t1", "team", """{"team_id":"t1","max_budget":5}""", provider: "litellm");
        var agent = TestControls.Asset("arn:aws:bedrock:us-east-1:1:agent/A1", "agent", """{"agentName":"a1","agentResourceRoleArn":"arn:aws:iam::1:role/r"}""");
        var control = TestControls.Load("related", "agent", """
            deny contains "full access" if {
            	some arn in data.aispm.assets.roles[input.AgentResourceRoleArn].AttachedPolicyArns
            	endswith(arn, "/AmazonBedrockFullAccess")
            }

            deny contains "team budget 5" if data.aispm.assets.teams.t1.Max_budget == 5

            deny contains sprintf("edge %s to %s", [e.Type, e.To]) if {
            	some e in data.aispm.edges_from[data.aispm.resource.Id]
            	data.aispm.by_id[e.To].RoleName == "r"
            }

            deny contains "edges listed" if count(data.aispm.edges) == 1

            deny contains "edges_to" if data.aispm.edges_to[input.AgentResourceRoleArn][0].From == data.aispm.resource.Id

            deny contains sprintf("approved %v", [data.aispm.config.approved_models]) if data.aispm.config.approved_models

            """);
        var options = new PostureOptions { Config = new JsonObject { ["approved_models"] = new JsonArray("m1") } };
        var r = Assert.Single(Assert.Single(PostureEvaluator.Evaluate([control], [role, team, agent], [new Edge(agent.Id, role.Id, EdgeTypes.AssumesRole)], options: options).Controls).Results);
        Assert.Equal(
            ["approved [\"m1\"]", "edge assumes_role to arn:aws:iam::1:role/r", "edges listed", "edges_to", "full access", "team budget 5"],
            r.Reasons);
    }

    [Fact]
    public void AControlThatExhaustsItsStepBudgetIsAnErrorForThatResourceOnly()
    {
        var looping = TestControls.Load("looping", "guardrail", """
            deny contains "many" if count([[i, j] | some i in numbers.range(1, 100000); some j in numbers.range(1, 100000)]) > 0

            """);
        var kinto = TestControls.Load("kinto", "guardrail", Kinto);
        var report = PostureEvaluator.Evaluate([looping, kinto], [Weak], [], options: new PostureOptions { ResourceStepBudget = 10_000 });
        var r = Assert.Single(report.Controls[0].Results);
        Assert.Equal(ResultStatus.Error, r.Status);
        Assert.Contains("budget", r.Message, StringComparison.Ordinal);
        Assert.Equal(ResultStatus.Failing, Assert.Single(report.Controls[1].Results).Status);
    }

    [Fact]
    public void AControlThatRunsPastItsTimeBudgetIsAnError()
    {
        var slow = TestControls.Load("slow", "guardrail", """
            deny contains "slow" if {
            	some i in numbers.range(1, 100000)
            	some j in numbers.range(1, 100000)
            	sprintf("%d", [i * j]) == "x"
            }

            """);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var r = Assert.Single(Assert.Single(PostureEvaluator.Evaluate([slow], [Weak], [], options: new PostureOptions { ResourceTimeBudget = TimeSpan.FromMilliseconds(50), ResourceStepBudget = long.MaxValue }).Controls).Results);
        Assert.Equal(ResultStatus.Error, r.Status);
        Assert.Contains("time budget", r.Message, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), started.Elapsed.ToString());
    }

    [Fact]
    public void BudgetsRejectNonPositiveValues()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PostureOptions { ResourceTimeBudget = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PostureOptions { ResourceStepBudget = 0 });
    }

    [Fact]
    public void AnActiveExceptionMakesAFailingResultExceptedAndAnExpiredOneLeavesItFailing()
    {
        var control = TestControls.Load("kinto", "guardrail", Kinto);
        var now = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
        var active = new ExceptionGrant("kinto", Weak.Id, "legacy app, replaced in Q1", "alice", now.AddDays(30));
        var onPassing = new ExceptionGrant("kinto", Strong.Id, "not needed", "bob", now.AddDays(30));
        var report = PostureEvaluator.Evaluate([control], [Weak, Strong], [], [active, onPassing], new PostureOptions { Now = now });
        var results = report.Controls[0].Results;
        Assert.Equal(ResultStatus.Passing, results[0].Status);
        Assert.Equal(ResultStatus.Excepted, results[1].Status);
        Assert.Same(active, results[1].Exception);
        Assert.NotEmpty(results[1].Reasons);

        var later = PostureEvaluator.Evaluate([control], [Weak], [], [active], new PostureOptions { Now = now.AddDays(31) });
        var expired = Assert.Single(later.Controls[0].Results);
        Assert.Equal(ResultStatus.Failing, expired.Status);
        Assert.Contains("expired", expired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExceptionForAnotherControlDoesNotApply()
    {
        var control = TestControls.Load("kinto", "guardrail", Kinto);
        var grant = new ExceptionGrant("other", Weak.Id, "r", "alice", DateTimeOffset.MaxValue);
        Assert.Equal(ResultStatus.Failing, Assert.Single(PostureEvaluator.Evaluate([control], [Weak], [], [grant]).Controls[0].Results).Status);
    }

    [Fact]
    public void AnInventoryConvertedOnceServesSeveralEvaluations()
    {
        var inventory = new PostureInventory([Weak, Strong, Agent], []);
        var kinto = TestControls.Load("kinto", "guardrail", Kinto);
        var kms = TestControls.Load("kms", "guardrail", "deny contains \"no key\" if not input.KmsKeyArn\n");
        var first = PostureEvaluator.Evaluate([kinto], inventory);
        var second = PostureEvaluator.Evaluate([kinto, kms], inventory);
        Assert.Equal(first.Controls[0].Results.Select(r => r.Status), second.Controls[0].Results.Select(r => r.Status));
        Assert.All(second.Controls[1].Results, r => Assert.Equal(ResultStatus.Failing, r.Status));
        Assert.Equal(3, inventory.Assets.Count);
    }
}
