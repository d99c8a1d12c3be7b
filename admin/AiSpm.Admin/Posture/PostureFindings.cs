using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Posture;
using AiSpm.Posture.Controls;
using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Posture;

/// <summary>
/// A (control, resource) result as a finding of the findings store: one finding per pair (its id derived from both, so
/// every replica writes the same one), open while failing, suppressed while excepted, resolved when the resource passes.
/// A status a person set (acknowledged) stays while the result keeps failing.
/// </summary>
internal static class PostureFindings
{
    public const string Type = "posture_control";
    public const string Category = "posture";
    public const string By = "aispm-posture";

    public static string IdOf(string controlId, string resourceId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(controlId + "\n" + resourceId), hash);
        return "p_" + Convert.ToHexStringLower(hash[..12]);
    }

    /// <summary>The finding for <paramref name="result"/>, or null when nothing needs writing.</summary>
    public static FindingRecord? Next(FindingRecord? existing, Control control, StoredResult result, Asset? asset, PostureException? exception, DateTimeOffset now)
    {
        string status;
        string reason;
        switch (result.Status)
        {
            case ResultStatusNames.Failing:
                status = existing?.Status == FindingStatus.Acknowledged ? FindingStatus.Acknowledged : FindingStatus.Open;
                reason = result.Message ?? ("fails: " + string.Join("; ", result.Reasons));
                break;
            case ResultStatusNames.Excepted:
                status = FindingStatus.Suppressed;
                reason = exception is null ? "excepted" : string.Create(CultureInfo.InvariantCulture, $"exception by {exception.By} until {exception.Expires:O}: {exception.Reason}");
                break;
            case ResultStatusNames.Passing:
                if (existing is null || existing.Status == FindingStatus.Resolved)
                {
                    return null;
                }

                status = FindingStatus.Resolved;
                reason = "the resource passes the control";
                break;
            default:
                // An error decides nothing: the finding stays as it was.
                return null;
        }

        var m = control.Metadata;
        var evidence = new List<string>(result.Reasons.Count + result.Evidence.Count);
        evidence.AddRange(result.Reasons);
        foreach (var e in result.Evidence)
        {
            evidence.Add(e.Path + " = " + (e.Value?.ToJsonString() ?? "(absent)"));
        }

        var reopened = existing is not null && existing.Status == FindingStatus.Resolved && status != FindingStatus.Resolved;
        return new FindingRecord
        {
            Id = IdOf(m.Id, result.ResourceId),
            Type = Type,
            Title = m.Title + ": " + (asset?.Name is { Length: > 0 } name ? name : result.ResourceId),
            Category = Category,
            Severity = SeverityName(m.Severity),
            Status = status,
            Principal = result.ResourceId,
            Team = asset?.Owner,
            Count = (existing?.Count ?? 0) + (existing is null || reopened ? 1 : 0),
            FirstSeen = existing?.FirstSeen ?? now,
            LastSeen = now,
            RuleIds = [m.Id],
            Tags = [.. m.Frameworks],
            Evidence = status == FindingStatus.Resolved ? existing!.Evidence : [.. evidence.Take(8)],
            Remediation = m.Remediation.Length > 0 ? m.Remediation : m.Description,
            StatusReason = reason,
            StatusBy = By,
            StatusAt = now,
        };
    }

    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        _ => "info",
    };
}
