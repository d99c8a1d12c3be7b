using AiSpm.Admin.RedTeam;
using AiSpm.Admin.Storage.RedTeam;
using AiSpm.Detection;
using AiSpm.Detection.Evaluation;

namespace AiSpm.Admin.Tests.RedTeam;

public sealed class RedTeamMetricsTests
{
    private static readonly RedTeamRun Header = new()
    {
        Id = "rt-1",
        StartedAt = DateTimeOffset.UnixEpoch,
        Mode = "inprocess",
        Corpus = "upload",
        Target = "managed",
    };

    private static RuleInfo Rule(string id, string category, string[] llm, string[] atlas) => new()
    {
        Id = id,
        Title = id,
        Category = category,
        Severity = Severity.High,
        Phase = ScanPhase.Request,
        OwaspLlm = llm,
        MitreAtlas = atlas,
    };

    private static CorpusRow Row(string id, string category) =>
        new(id, "text", category, ScanPhase.Request, category != "benign");

    private static RowResult Result(CorpusRow row, string outcome, double ms) =>
        new(row.Id, row.Category, row.IsAttack, outcome, null, ms);

    [Fact]
    public void RatesPerCategoryFrameworkTagAndBenignCountOnlyJudgedRows()
    {
        var rows = new[] { Row("a", "prompt_injection"), Row("b", "prompt_injection"), Row("c", "jailbreak"), Row("d", "benign"), Row("e", "benign"), Row("f", "jailbreak") };
        var results = new[]
        {
            Result(rows[0], Outcomes.Detected, 1),
            Result(rows[1], Outcomes.Missed, 2),
            Result(rows[2], Outcomes.Detected, 3),
            Result(rows[3], Outcomes.Flagged, 4),
            Result(rows[4], Outcomes.Passed, 5),
            new RowResult("f", "jailbreak", true, Outcomes.Error, null, 0, "timeout"),
        };
        var rules = new[] { Rule("PI-1", "prompt_injection", ["LLM01"], ["AML.T0051"]), Rule("JB-1", "jailbreak", ["LLM01"], ["AML.T0054"]) };

        var run = RedTeamMetrics.Summarize(Header, rows, results, rules);

        Assert.Equal(6, run.Rows);
        Assert.Equal(1, run.Errors);
        Assert.Equal([new RateFigure("jailbreak", 1, 1, 1), new RateFigure("prompt_injection", 2, 1, 0.5)], run.Categories);
        Assert.Equal(
            [new RateFigure("mitre_atlas:AML.T0051", 2, 1, 0.5), new RateFigure("mitre_atlas:AML.T0054", 1, 1, 1), new RateFigure("owasp_llm:LLM01", 3, 2, 0.6667)],
            run.Frameworks);
        Assert.Equal(new BenignFigure(2, 1, 0.5), run.Benign);
        Assert.Equal(3, run.LatencyP50Ms);
        Assert.Equal(5, run.LatencyP99Ms);
        Assert.Equal(
            [
                new GarakEvalRow("eval", "jailbreak", "aispm.inprocess", 1, 0, 1),
                new GarakEvalRow("eval", "prompt_injection", "aispm.inprocess", 1, 1, 2),
                new GarakEvalRow("eval", "benign", "aispm.inprocess", 1, 1, 2),
            ],
            run.Eval);
    }

    [Theory]
    [InlineData(0.50, 50)]
    [InlineData(0.99, 99)]
    [InlineData(1.0, 100)]
    public void PercentilesAreNearestRank(double p, double expected)
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).ToList();
        Assert.Equal(expected, RedTeamMetrics.Percentile(values, p));
    }

    [Fact]
    public void PercentileOfNothingIsZero() => Assert.Equal(0, RedTeamMetrics.Percentile([], 0.99));

    [Fact]
    public void ComparisonGivesPerCategoryDeltasAndTheRowsThatFlipped()
    {
        var earlier = Header with
        {
            Id = "rt-0",
            Categories = [new RateFigure("jailbreak", 2, 1, 0.5)],
            Benign = new BenignFigure(10, 1, 0.1),
            Results = [new RowResult("x", "jailbreak", true, Outcomes.Missed, null, 1), new RowResult("y", "jailbreak", true, Outcomes.Detected, "JB-1", 1)],
        };
        var later = Header with
        {
            Categories = [new RateFigure("jailbreak", 2, 2, 1), new RateFigure("pii", 1, 1, 1)],
            Benign = new BenignFigure(10, 0, 0),
            Results = [new RowResult("x", "jailbreak", true, Outcomes.Detected, "JB-2", 1), new RowResult("y", "jailbreak", true, Outcomes.Detected, "JB-1", 1)],
        };

        var diff = RunComparison.Of(later, earlier);

        Assert.Equal("rt-1", diff.RunId);
        Assert.Equal("rt-0", diff.BaselineId);
        Assert.Equal(0.5, diff.Categories.Single(c => c.Name == "jailbreak").RateDelta);
        Assert.Null(diff.Categories.Single(c => c.Name == "pii").Baseline);
        Assert.Equal(-0.1, diff.Benign.FprDelta);
        var flipped = Assert.Single(diff.Flipped);
        Assert.Equal(new FlippedRow("x", "jailbreak", Outcomes.Missed, Outcomes.Detected, null, "JB-2"), flipped);
    }

    [Fact]
    public void ABlockedAnswerNamesItsRuleAndCategory()
    {
        var body = """{"error":{"message":"Blocked by AiSpm: the request was classified as jailbreak (rule JB-DAN).","type":"aispm_blocked","code":"JB-DAN","param":null}}"""u8;
        Assert.Equal(("JB-DAN", "jailbreak"), GatewayTarget.BlockedRule(body));
        Assert.Null(GatewayTarget.BlockedRule("""{"error":{"type":"rate_limit_error","code":"rate_limited"}}"""u8));
        Assert.Null(GatewayTarget.BlockedRule("not json"u8));
    }
}
