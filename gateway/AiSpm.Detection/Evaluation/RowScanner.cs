using System.Text;

namespace AiSpm.Detection.Evaluation;

/// <summary>Scans one corpus row through <see cref="Inspector.ScanText"/> (the gateway's code path, normalization
/// included): the one definition of a row's verdict that <c>./aispm eval</c> and the admin's in-process red team share.</summary>
public static class RowScanner
{
    public static RowOutcome Scan(Inspector inspector, CorpusRow row, FindingList findings)
    {
        findings.Clear();
        inspector.ScanText(Encoding.UTF8.GetBytes(row.Text), row.Phase, findings);
        string? first = null;
        var hit = false;
        foreach (var f in findings.AsSpan())
        {
            var rule = inspector.Rules[f.RuleIndex];
            first ??= rule.Id;
            if (!hit && rule.Category == row.Category)
            {
                hit = true;
                first = rule.Id;
            }
        }

        return new RowOutcome(findings.Count > 0, hit, first);
    }
}
