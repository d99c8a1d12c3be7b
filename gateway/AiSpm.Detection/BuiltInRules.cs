namespace AiSpm.Detection;

/// <summary>Rules that are code rather than patterns: structural tool checks and the learned scorer's classes.</summary>
internal static class BuiltInRules
{
    public static readonly RuleInfo UndeclaredTool = new()
    {
        Id = Inspector.UndeclaredToolRuleId,
        Title = "Tool call to a tool the request did not declare",
        Category = "tool_misuse",
        Severity = Severity.High,
        Phase = ScanPhase.Response,
        OwaspLlm = ["LLM06"],
        OwaspAgentic = ["ASI02"],
        MitreAtlas = ["AML.T0053"],
        NistAiRmf = ["MANAGE 2.2"],
        Description = "The model called a tool that is not in the request's tools list: a hallucinated or injected tool call.",
        Remediation = "Reject the call; check the conversation for injected instructions that name tools.",
    };

    public static readonly RuleInfo HighRiskTool = new()
    {
        Id = Inspector.HighRiskToolRuleId,
        Title = "Call to a high-risk tool",
        Category = "excessive_agency",
        Severity = Severity.High,
        Phase = ScanPhase.Response,
        OwaspLlm = ["LLM06"],
        OwaspAgentic = ["ASI02", "ASI03"],
        MitreAtlas = ["AML.T0053"],
        NistAiRmf = ["GOVERN 1.7", "MANAGE 2.4"],
        Description = "The model called a tool on the high-risk list (payments, transfers, deletes, sends).",
        Remediation = "Require human approval for this tool or remove it from the agent.",
    };

    public static RuleInfo Learned(string category) => new()
    {
        Id = "ML-" + category.ToUpperInvariant(),
        Title = "Learned classifier: " + category.Replace('_', ' '),
        Category = category,
        Severity = Severity.High,
        Phase = ScanPhase.Request,
        OwaspLlm = ["LLM01"],
        OwaspAgentic = ["ASI01"],
        MitreAtlas = [category == "jailbreak" ? "AML.T0054" : "AML.T0051"],
        NistAiRmf = ["MEASURE 2.7"],
        Description = "The hashed n-gram linear model scored this text above its threshold for " + category + ".",
        Remediation = "Review the text; add a suppression by text hash if it is a false positive.",
    };
}
