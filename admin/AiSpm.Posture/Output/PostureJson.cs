using System.Text.Json;
using AiSpm.Posture.Controls;
using AiSpm.Posture.Evaluation;
using AiSpm.Posture.Scoring;

namespace AiSpm.Posture.Output;

/// <summary>
/// Writes a posture report as JSON without reflection:
/// <c>{"controls":[{"id","title","severity","resourceKind","frameworks","counts","results":[{"resource","status","reasons",...}]}],
/// "scores":{"overall","accounts","teams","assets"},"frameworks":[...],"loadErrors":[...]}</c>.
/// </summary>
public static class PostureJson
{
    public static void Write(Stream stream, PostureReport report, IReadOnlyList<ControlLoadError> loadErrors)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(loadErrors);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        w.WriteStartObject();
        w.WriteStartArray("controls");
        foreach (var o in report.Controls)
        {
            WriteControl(w, o);
        }

        w.WriteEndArray();
        w.WriteStartObject("scores");
        WriteScore(w, "overall", report.Scores.Overall);
        WriteScores(w, "accounts", report.Scores.Accounts);
        WriteScores(w, "teams", report.Scores.Teams);
        WriteScores(w, "assets", report.Scores.Assets);
        w.WriteEndObject();
        w.WriteStartArray("frameworks");
        foreach (var f in report.Frameworks)
        {
            w.WriteStartObject();
            w.WriteString("framework", f.Framework);
            w.WriteString("id", f.Id);
            w.WriteString("name", f.Name);
            w.WriteStartArray("controls");
            foreach (var c in f.Controls)
            {
                w.WriteStringValue(c);
            }

            w.WriteEndArray();
            w.WriteNumber("resourcesPassing", f.ResourcesPassing);
            w.WriteNumber("resourcesFailing", f.ResourcesFailing);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("loadErrors");
        foreach (var e in loadErrors)
        {
            w.WriteStartObject();
            w.WriteString("file", e.File);
            w.WriteNumber("line", e.Line);
            w.WriteString("reason", e.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static string Status(ResultStatus s) => s switch
    {
        ResultStatus.Passing => "passing",
        ResultStatus.Failing => "failing",
        ResultStatus.Error => "error",
        _ => "excepted",
    };

    private static void WriteControl(Utf8JsonWriter w, ControlOutcome o)
    {
        var m = o.Control.Metadata;
        w.WriteStartObject();
        w.WriteString("id", m.Id);
        w.WriteString("title", m.Title);
        w.WriteString("severity", SeverityWeights.Name(m.Severity));
        w.WriteString("resourceKind", m.ResourceKind);
        w.WriteStartArray("frameworks");
        foreach (var f in m.Frameworks)
        {
            w.WriteStringValue(f);
        }

        w.WriteEndArray();
        w.WriteStartObject("counts");
        w.WriteNumber("passing", o.Count(ResultStatus.Passing));
        w.WriteNumber("failing", o.Count(ResultStatus.Failing));
        w.WriteNumber("error", o.Count(ResultStatus.Error));
        w.WriteNumber("excepted", o.Count(ResultStatus.Excepted));
        w.WriteEndObject();
        w.WriteStartArray("results");
        foreach (var r in o.Results)
        {
            WriteResult(w, r);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter w, ControlResult r)
    {
        w.WriteStartObject();
        w.WriteString("resource", r.ResourceId);
        w.WriteString("status", Status(r.Status));
        w.WriteStartArray("reasons");
        foreach (var reason in r.Reasons)
        {
            w.WriteStringValue(reason);
        }

        w.WriteEndArray();
        if (r.Evidence.Count > 0)
        {
            w.WriteStartObject("evidence");
            foreach (var e in r.Evidence)
            {
                w.WritePropertyName(e.Path);
                if (e.Value is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    w.WriteRawValue(e.Value.ToJson(), skipInputValidation: true);
                }
            }

            w.WriteEndObject();
        }

        if (r.Message is not null)
        {
            w.WriteString("message", r.Message);
        }

        if (r.Exception is { } g)
        {
            w.WriteStartObject("exception");
            w.WriteString("reason", g.Reason);
            w.WriteString("who", g.Who);
            w.WriteString("expires", g.Expires);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteScores(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, Score> scores)
    {
        w.WriteStartObject(name);
        foreach (var (k, s) in scores)
        {
            WriteScore(w, k, s);
        }

        w.WriteEndObject();
    }

    private static void WriteScore(Utf8JsonWriter w, string name, Score s)
    {
        w.WriteStartObject(name);
        if (s.Value is { } v)
        {
            w.WriteNumber("score", v);
        }
        else
        {
            w.WriteNull("score");
        }

        w.WriteNumber("passing", s.Passing);
        w.WriteNumber("failing", s.Failing);
        w.WriteNumber("error", s.Error);
        w.WriteNumber("excepted", s.Excepted);
        w.WriteEndObject();
    }
}
