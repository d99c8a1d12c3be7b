using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AiSpm.Admin.Storage;
using AiSpm.Contracts;

namespace AiSpm.Admin.Correlation;

/// <summary>
/// Folds events into findings: one finding per (finding type, principal, time window). The id is derived from that
/// triple, so every replica and both stores agree on it without coordination, and folding is a pure function the
/// stores apply inside their own consistency scheme.
/// </summary>
internal sealed class Correlator(CorrelationOptions options)
{
    public CorrelationOptions Options { get; } = options;

    public static string PrincipalOf(DetectionEvent e) =>
        !string.IsNullOrEmpty(e.KeyAlias) ? "key:" + e.KeyAlias
        : !string.IsNullOrEmpty(e.User) ? "user:" + e.User
        : !string.IsNullOrEmpty(e.Team) ? "team:" + e.Team
        : !string.IsNullOrEmpty(e.EndUser) ? "end_user:" + e.EndUser
        : "gateway:" + e.GatewayId;

    public string FindingIdFor(DetectionEvent e)
    {
        var type = FindingKind.ForCategory(e.Category).Type;
        var windowSeconds = Math.Max(1, (long)Options.Window.TotalSeconds);
        var bucket = e.Timestamp.ToUnixTimeSeconds() / windowSeconds;
        var material = string.Join('\n', type, PrincipalOf(e), bucket.ToString(CultureInfo.InvariantCulture));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(material), hash);
        return "f_" + Convert.ToHexStringLower(hash[..12]);
    }

    /// <summary>The finding after <paramref name="e"/> is added to <paramref name="existing"/> (null: a new finding).</summary>
    public FindingRecord Apply(FindingRecord? existing, DetectionEvent e)
    {
        var kind = FindingKind.ForCategory(e.Category);
        if (existing is null)
        {
            return new FindingRecord
            {
                Id = FindingIdFor(e),
                Type = kind.Type,
                Title = kind.Title,
                Category = e.Category,
                Severity = e.Severity,
                Status = FindingStatus.Open,
                Principal = PrincipalOf(e),
                KeyAlias = e.KeyAlias,
                Team = e.Team,
                Count = 1,
                FirstSeen = e.Timestamp,
                LastSeen = e.Timestamp,
                RuleIds = [e.RuleId],
                Models = string.IsNullOrEmpty(e.Model) ? [] : [e.Model],
                Tags = Distinct(e.Tags, [], Options.MaxListItems),
                Evidence = string.IsNullOrEmpty(e.Evidence) ? [] : [e.Evidence],
                SampleEventIds = [e.EventId],
                Remediation = kind.Remediation,
                Revision = 1,
            };
        }

        var count = existing.Count + 1;
        var rank = Math.Max(EventSeverity.Rank(existing.Severity), EventSeverity.Rank(e.Severity));
        if (count == Options.EscalateAfter)
        {
            rank = Math.Min(4, rank + 1);
        }

        var status = existing.Status;
        var reason = existing.StatusReason;
        var by = existing.StatusBy;
        DateTimeOffset? at = existing.StatusAt;
        if (status == FindingStatus.Resolved)
        {
            // New activity after a fix means the fix did not hold; suppressed and acknowledged stay as they are.
            status = FindingStatus.Open;
            reason = "reopened: new activity after it was resolved";
            by = "aispm";
            at = e.Timestamp;
        }

        return existing with
        {
            Severity = EventSeverity.FromRank(rank),
            Status = status,
            StatusReason = reason,
            StatusBy = by,
            StatusAt = at,
            Count = count,
            FirstSeen = e.Timestamp < existing.FirstSeen ? e.Timestamp : existing.FirstSeen,
            LastSeen = e.Timestamp > existing.LastSeen ? e.Timestamp : existing.LastSeen,
            RuleIds = Distinct([e.RuleId], existing.RuleIds, Options.MaxListItems),
            Models = string.IsNullOrEmpty(e.Model) ? existing.Models : Distinct([e.Model], existing.Models, Options.MaxListItems),
            Tags = Distinct(e.Tags, existing.Tags, Options.MaxListItems),
            Evidence = string.IsNullOrEmpty(e.Evidence) ? existing.Evidence : Prepend(e.Evidence, existing.Evidence, Options.MaxEvidence),
            SampleEventIds = Prepend(e.EventId, existing.SampleEventIds, Options.MaxSamples),
            Revision = existing.Revision + 1,
        };
    }

    private static string[] Distinct(string[] add, string[] existing, int max)
    {
        var set = new SortedSet<string>(existing, StringComparer.Ordinal);
        foreach (var s in add)
        {
            if (set.Count >= max)
            {
                break;
            }

            set.Add(s);
        }

        return [.. set];
    }

    private static string[] Prepend(string item, string[] existing, int max)
    {
        var n = Math.Min(max, existing.Length + 1);
        var result = new string[n];
        result[0] = item;
        Array.Copy(existing, 0, result, 1, n - 1);
        return result;
    }
}
