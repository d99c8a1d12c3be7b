using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Outbox;
using AiSpm.Contracts;

namespace AiSpm.Admin.Sinks;

/// <summary>Applies each enabled sink's filters to a finding change.</summary>
internal sealed class SinkRouter(SinksSettings settings) : IOutboxRouter
{
    public const string Runtime = "runtime";
    public const string Posture = "posture";

    /// <summary>Posture findings (from the scanner's controls) carry a type starting with "posture"; everything else comes from gateway events.</summary>
    public static string SourceOf(FindingRecord finding) =>
        finding.Type.StartsWith("posture", StringComparison.Ordinal) ? Posture : Runtime;

    public IReadOnlyList<string> SinksFor(string change, FindingRecord finding)
    {
        List<string>? names = null;
        foreach (var sink in settings.Sinks)
        {
            if (Accepts(sink, change, finding))
            {
                (names ??= []).Add(sink.Name);
            }
        }

        return names ?? (IReadOnlyList<string>)[];
    }

    public static bool Accepts(SinkOptions sink, string change, FindingRecord finding) =>
        sink.Enabled
        && (change != FindingChange.StatusChanged || sink.StatusChanges)
        && EventSeverity.Rank(finding.Severity) >= EventSeverity.Rank(sink.MinSeverity)
        && (sink.Categories.Length == 0 || Array.IndexOf(sink.Categories, finding.Category) >= 0)
        && Array.IndexOf(sink.Sources, SourceOf(finding)) >= 0;
}
