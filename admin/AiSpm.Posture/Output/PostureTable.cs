using AiSpm.Posture.Controls;
using AiSpm.Posture.Evaluation;

namespace AiSpm.Posture.Output;

/// <summary>The readable form of a posture report: one line per control with its counts, then each result that is not
/// passing with its reasons, the scores and the framework report.</summary>
public static class PostureTable
{
    public static void Write(TextWriter o, PostureReport report, IReadOnlyList<ControlLoadError> loadErrors)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(loadErrors);
        o.WriteLine($"{"CONTROL",-36} {"SEVERITY",-8} {"KIND",-18} {"PASS",5} {"FAIL",5} {"ERR",4} {"EXC",4}");
        foreach (var c in report.Controls)
        {
            var m = c.Control.Metadata;
            o.WriteLine($"{m.Id,-36} {SeverityWeights.Name(m.Severity),-8} {m.ResourceKind,-18} {c.Count(ResultStatus.Passing),5} {c.Count(ResultStatus.Failing),5} {c.Count(ResultStatus.Error),4} {c.Count(ResultStatus.Excepted),4}");
        }

        o.WriteLine();
        foreach (var c in report.Controls)
        {
            foreach (var r in c.Results)
            {
                if (r.Status == ResultStatus.Passing)
                {
                    continue;
                }

                o.WriteLine($"{PostureJson.Status(r.Status).ToUpperInvariant(),-8} {c.Control.Metadata.Id} {r.ResourceId}");
                foreach (var reason in r.Reasons)
                {
                    o.WriteLine("         " + reason);
                }

                if (r.Message is not null)
                {
                    o.WriteLine("         " + r.Message);
                }
            }
        }

        var s = report.Scores.Overall;
        o.WriteLine();
        o.WriteLine($"score {Percent(s.Value)} ({s.Passing} passing, {s.Failing} failing, {s.Error} error, {s.Excepted} excepted; weighted by severity)");
        foreach (var (account, score) in report.Scores.Accounts)
        {
            o.WriteLine($"  account {account,-28} {Percent(score.Value)}");
        }

        foreach (var (team, score) in report.Scores.Teams)
        {
            o.WriteLine($"  team    {team,-28} {Percent(score.Value)}");
        }

        o.WriteLine();
        foreach (var f in report.Frameworks)
        {
            var covered = f.Controls.Count == 0 ? "no control" : $"{f.Controls.Count} controls, {f.ResourcesPassing} resources passing, {f.ResourcesFailing} failing";
            o.WriteLine($"{f.Id,-6} {f.Name,-38} {covered}");
        }

        foreach (var e in loadErrors)
        {
            o.WriteLine("refused " + e);
        }
    }

    private static string Percent(double? v) => v is { } x ? x.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "n/a";
}
