using AiSpm.Posture.Evaluation;
using AiSpm.Posture.Scoring;

namespace AiSpm.Posture.Tests.Scoring;

public class PostureScoringTests
{
    [Fact]
    public void ScoresWeighPassingOverTotalBySeverityAndLeaveExceptedOut()
    {
        // A high control (weight 4) fails on g1 and passes on g2; a low control (weight 1) passes on both.
        var g1 = TestControls.Asset("arn:aws:bedrock:us-east-1:111:guardrail/g1", "guardrail", """{"bad":true}""", account: "111", owner: "payments");
        var g2 = TestControls.Asset("arn:aws:bedrock:us-east-1:222:guardrail/g2", "guardrail", "{}", account: "222");
        var high = TestControls.Load("high", "guardrail", "deny contains \"bad\" if input.Bad\n", severity: "high");
        var low = TestControls.Load("low", "guardrail", "deny contains \"never\" if input.Never\n", severity: "low");
        var report = PostureEvaluator.Evaluate([high, low], [g1, g2], []);

        var overall = report.Scores.Overall;
        Assert.Equal((3, 1, 0, 0), (overall.Passing, overall.Failing, overall.Error, overall.Excepted));
        Assert.Equal(Math.Round(100.0 * 6 / 10, 1), overall.Value);
        Assert.Equal(20.0, report.Scores.Accounts["111"].Value);
        Assert.Equal(100.0, report.Scores.Accounts["222"].Value);
        Assert.Equal(20.0, report.Scores.Teams["payments"].Value);
        Assert.Equal(100.0, report.Scores.Teams[PostureScoring.Unassigned].Value);
        Assert.Equal(20.0, report.Scores.Assets[g1.Id].Value);

        var excepted = PostureEvaluator.Evaluate([high, low], [g1, g2], [], [new ExceptionGrant("high", g1.Id, "accepted", "alice", DateTimeOffset.MaxValue)]);
        Assert.Equal(100.0, excepted.Scores.Overall.Value);
        Assert.Equal(1, excepted.Scores.Overall.Excepted);
    }

    [Fact]
    public void AnErrorCountsAgainstTheScore()
    {
        var g = TestControls.Asset("g", "guardrail", "{}");
        var broken = TestControls.Load("broken", "guardrail", "deny contains x if x := 1 / 0\n");
        var report = PostureEvaluator.Evaluate([broken], [g], []);
        Assert.Equal(ResultStatus.Error, report.Controls[0].Results[0].Status);
        Assert.Equal(0.0, report.Scores.Overall.Value);
    }

    [Fact]
    public void NothingJudgedHasNoScore() => Assert.Null(PostureEvaluator.Evaluate([], [], []).Scores.Overall.Value);

    [Fact]
    public void FrameworkReportListsEveryOwaspRiskWithItsControlsAndResources()
    {
        var g1 = TestControls.Asset("g1", "guardrail", """{"bad":true}""");
        var g2 = TestControls.Asset("g2", "guardrail", "{}");
        var a = TestControls.Load("a", "guardrail", "deny contains \"bad\" if input.Bad\n", frameworks: "owasp-llm:LLM01");
        var b = TestControls.Load("b", "guardrail", "deny contains \"never\" if input.Never\n", frameworks: "owasp-llm:LLM01");
        var c = TestControls.Load("c", "guardrail", "deny contains \"never\" if input.Never\n", frameworks: "owasp-agentic:ASI03");
        var report = PostureEvaluator.Evaluate([a, b, c], [g1, g2], []);

        Assert.Equal(20, report.Frameworks.Count);
        var llm01 = Assert.Single(report.Frameworks, f => f.Id == "LLM01");
        Assert.Equal(("owasp-llm", "Prompt Injection"), (llm01.Framework, llm01.Name));
        Assert.Equal(["a", "b"], llm01.Controls);
        Assert.Equal((1, 1), (llm01.ResourcesPassing, llm01.ResourcesFailing));
        var asi03 = Assert.Single(report.Frameworks, f => f.Id == "ASI03");
        Assert.Equal(["c"], asi03.Controls);
        Assert.Equal((2, 0), (asi03.ResourcesPassing, asi03.ResourcesFailing));
        var asi10 = Assert.Single(report.Frameworks, f => f.Id == "ASI10");
        Assert.Empty(asi10.Controls);
    }
}
