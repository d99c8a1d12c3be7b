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

    public static List<GuardianAction> Plan(
        IEnumerable<FindingRecord> findings, GatewayPolicy policy, IReadOnlyList<GuardianAction> existing, GuardianSettings settings, DateTimeOffset now)
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
