using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AiSpm.Admin.Storage;
using AiSpm.Contracts;

namespace AiSpm.Admin.Guardian;

/// <summary>
/// Decides the proportional response to recent high and critical findings: the finding itself is the alert (the
/// sinks already carry it); a key or team behind one is blocked by enforcing for it at the gateway; a key behind a
/// critical finding or a large burst is also contained in LiteLLM. Pure, so a dry run and a real pass agree.
/// </summary>
internal static class GuardianPlanner
{
    public const string Alert = "alert";
    public const string Block = "block";
    public const string Contain = "contain";

    /// <summary>The control whose failure on a guardrail the Guardian answers by raising its prompt-attack filter
    /// (<c>config/controls/bedrock_guardrail_prompt_attack.rego</c>; posture findings carry the control's metadata id).</summary>
    public const string PromptAttackControl = "AISPM-BEDROCK-GUARDRAIL-001";
    /// <summary>The control whose failure on an agent the Guardian answers by attaching the configured guardrail
    /// (<c>config/controls/bedrock_agent_guardrail.rego</c>).</summary>
    public const string AgentGuardrailControl = "AISPM-BEDROCK-AGENT-001";

    public static List<GuardianAction> Plan(
        IEnumerable<FindingRecord> findings, GatewayPolicy policy, IReadOnlyList<GuardianAction> existing, GuardianSettings settings, DateTimeOffset now)
        => Plan(findings, policy, existing, settings, now, GuardianContext.Empty);

    public static List<GuardianAction> Plan(
        IEnumerable<FindingRecord> findings, GatewayPolicy policy, IReadOnlyList<GuardianAction> existing, GuardianSettings settings, DateTimeOffset now, GuardianContext context)
    {
        var proposals = new List<GuardianAction>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in existing)
        {
            // A pending, running or standing action already answers this target; a rejected or rolled-back one was a
            // person's decision, which a new finding for the same target may reopen.
            if (a.State is GuardianActionState.Pending or GuardianActionState.Executing or GuardianActionState.Executed or GuardianActionState.RollingBack)
            {
                taken.Add(a.Kind + "|" + a.Target);
            }
        }

        foreach (var f in findings)
        {
            if (EventSeverity.Rank(f.Severity) < EventSeverity.Rank(EventSeverity.High)
                || f.Status is FindingStatus.Resolved or FindingStatus.Suppressed
                || f.LastSeen < now - settings.Window
                || settings.ModeFor(f.Type, f.Severity) == GuardianSettings.Off)
            {
                continue;
            }

            PlanCloud(proposals, taken, f, settings, context, now);

            // Narrowest scope first; a finding with neither key nor team (GuardDuty's, say) is answered per model.
            var target = f.KeyAlias is { Length: > 0 } key ? "key:" + key
                : f.Team is { Length: > 0 } team ? "team:" + team
                : f.Models is [{ Length: > 0 } model, ..] ? "model:" + model
                : null;
            if (target is null)
            {
                continue;
            }

            var alreadyEnforced = target.StartsWith("key:", StringComparison.Ordinal)
                ? policy.ResolveMode(null, f.KeyAlias, null, null, PolicyMode.Monitor) == PolicyMode.Enforce
                : target.StartsWith("team:", StringComparison.Ordinal)
                ? policy.ResolveMode(null, null, f.Team, null, PolicyMode.Monitor) == PolicyMode.Enforce
                : policy.ResolveMode(null, null, null, f.Models[0], PolicyMode.Monitor) == PolicyMode.Enforce;
            if (!alreadyEnforced)
            {
                Add(proposals, taken, f, now, GuardianActionKind.GatewayEnforce, Block, target, reversible: true,
                    "enforce for " + target + ": " + Count(f) + " " + f.Type + " at " + f.Severity + " severity; the gateway will block its next attack");
            }

            if (settings.LiteLlmUrl is not null && f.KeyAlias is { Length: > 0 }
                && (f.Severity == EventSeverity.Critical || f.Count >= settings.ContainAfter))
            {
                // Not reversible for auto mode: a blocked key stops every client that shares it, so a person decides.
                Add(proposals, taken, f, now, GuardianActionKind.LiteLlmBlockKey, Contain, target, reversible: false,
                    "block " + target + " in LiteLLM: " + Count(f) + " " + f.Type + " at " + f.Severity + " severity");
            }
        }

        return proposals;
    }

    /// <summary>
    /// The responses outside the gateway and LiteLLM: a Bedrock guardrail that lets prompt attacks through (its posture
    /// control fails, or GuardDuty reports it) is tightened; an agent without a guardrail gets the configured one; a
    /// workflow that orchestrates an asset named by an activity finding (not a posture one: configuration is not an
    /// attack in progress) is quarantined. Each needs its own setting, so a Guardian never touches what it was not given.
    /// </summary>
    private static void PlanCloud(List<GuardianAction> proposals, HashSet<string> taken, FindingRecord f, GuardianSettings settings, GuardianContext context, DateTimeOffset now)
    {
        var posture = f.Type == Posture.PostureFindings.Type;
        if (settings.BedrockRegion is { } region)
        {
            if (posture && Array.IndexOf(f.RuleIds, PromptAttackControl) >= 0 && GuardrailArn(f.Principal, region) is { } guardrail)
            {
                Add(proposals, taken, f, now, GuardianActionKind.BedrockGuardrailStrength, Block, guardrail, reversible: true,
                    "raise the prompt-attack filter of " + guardrail + " to HIGH and publish a version: control " + PromptAttackControl + " fails");
            }

            if (!posture && HasTag(f, "source:guardduty"))
            {
                foreach (var tag in f.Tags)
                {
                    if (tag.StartsWith("asset:", StringComparison.Ordinal) && GuardrailArn(tag["asset:".Length..], region) is { } named)
                    {
                        Add(proposals, taken, f, now, GuardianActionKind.BedrockGuardrailStrength, Block, named, reversible: true,
                            "raise the prompt-attack filter of " + named + " to HIGH and publish a version: GuardDuty reports " + f.Title);
                    }
                }
            }

            if (posture && settings.AgentGuardrailIdentifier is { } attach && Array.IndexOf(f.RuleIds, AgentGuardrailControl) >= 0
                && AwsTarget.TryParse(f.Principal, "bedrock", "agent", out var agent) && agent.Region == region)
            {
                // Not reversible for auto mode: UpdateAgent and PrepareAgent change what the agent's test alias runs.
                Add(proposals, taken, f, now, GuardianActionKind.BedrockAgentGuardrail, Block, f.Principal, reversible: false,
                    "attach guardrail " + attach + " version " + settings.AgentGuardrailVersion + " to " + f.Principal + " and prepare it: control " + AgentGuardrailControl + " fails");
            }
        }

        if (settings.TemporalAddress is not null && !posture)
        {
            foreach (var asset in AssetsOf(f))
            {
                if (!context.WorkflowsOrchestrating.TryGetValue(asset, out var workflows))
                {
                    continue;
                }

                foreach (var workflow in workflows)
                {
                    // Not reversible for auto mode: terminating stops business runs; a person decides, and can reset them.
                    Add(proposals, taken, f, now, GuardianActionKind.TemporalQuarantine, Contain, workflow, reversible: false,
                        "quarantine " + workflow + " (terminate its running executions): it orchestrates " + asset + ", named by " + Count(f) + " " + f.Type + " at " + f.Severity + " severity");
                }
            }
        }
    }

    /// <summary>The asset ids an activity finding names: its principal and its <c>asset:</c> tags.</summary>
    public static List<string> AssetsOf(FindingRecord f)
    {
        var ids = new List<string>();
        if (f.Principal.StartsWith("arn:", StringComparison.Ordinal) || f.Principal.Contains(':', StringComparison.Ordinal))
        {
            ids.Add(f.Principal);
        }

        foreach (var tag in f.Tags)
        {
            if (tag.StartsWith("asset:", StringComparison.Ordinal) && tag.Length > "asset:".Length && !ids.Contains(tag["asset:".Length..]))
            {
                ids.Add(tag["asset:".Length..]);
            }
        }

        return ids;
    }

    /// <summary>The guardrail's ARN without a version suffix, when it is a guardrail in <paramref name="region"/>.</summary>
    private static string? GuardrailArn(string value, string region)
    {
        if (!AwsTarget.TryParse(value, "bedrock", "guardrail", out var g) || g.Region != region)
        {
            return null;
        }

        var colon = g.ResourceId.IndexOf(':', StringComparison.Ordinal);
        var id = colon < 0 ? g.ResourceId : g.ResourceId[..colon];
        return id.Length == 0 ? null : "arn:" + value.Split(':')[1] + ":bedrock:" + g.Region + ":" + g.Account + ":guardrail/" + id;
    }

    private static bool HasTag(FindingRecord f, string tag) => Array.IndexOf(f.Tags, tag) >= 0;

    public static string IdFor(string kind, string target, string findingId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + target + "\n" + findingId), hash);
        return "ga_" + Convert.ToHexStringLower(hash[..10]);
    }

    private static void Add(List<GuardianAction> proposals, HashSet<string> taken, FindingRecord f, DateTimeOffset now, string kind, string level, string target, bool reversible, string reason)
    {
        if (!taken.Add(kind + "|" + target))
        {
            return;
        }

        proposals.Add(new GuardianAction
        {
            Id = IdFor(kind, target, f.Id),
            Kind = kind,
            Level = level,
            Target = target,
            FindingId = f.Id,
            FindingType = f.Type,
            Severity = f.Severity,
            Reason = reason,
            Reversible = reversible,
            State = GuardianActionState.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedBy = "guardian",
        });
    }

    private static string Count(FindingRecord f) => f.Count.ToString(CultureInfo.InvariantCulture) + (f.Count == 1 ? " event of" : " events of");
}
