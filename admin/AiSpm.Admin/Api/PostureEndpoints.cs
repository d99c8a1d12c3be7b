using System.Text.RegularExpressions;
using AiSpm.Admin.Auth;
using AiSpm.Admin.Posture;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Admin.Storage.Posture;
using AiSpm.Posture.Controls;
using AiSpm.Posture.Evaluation;
using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Api;

/// <summary>Posture controls, their results, scores, custom controls and exceptions.</summary>
internal static partial class PostureEndpoints
{
    private const long MaxControlBytes = 256 * 1024;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex ControlId();

    public static void MapPosture(this RouteGroupBuilder api)
    {
        api.MapGet("/controls", ListAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<ControlsResponse>()
            .WithSummary("Every control in force with its passing, failing, error and excepted counts.");
        api.MapGet("/controls/{id}", GetAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<ControlDetailResponse>()
            .ProducesProblem(404)
            .WithSummary("One control: its Rego, metadata, remediation and every resource's result.");
        api.MapPost("/controls/evaluate", EvaluateAsync)
            .RequireAuthorization(Roles.CanAdminister)
            .Accepts<ControlRequest>("application/json")
            .Produces<ControlEvaluateResponse>()
            .ProducesValidationProblem()
            .WithSummary("Dry-run a control (Rego with its # METADATA) against the current inventory; nothing is stored.");
        api.MapPut("/controls/{id}", PutAsync)
            .RequireAuthorization(Roles.CanAdminister)
            .Accepts<ControlRequest>("application/json")
            .Produces<ControlDetailResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(409)
            .WithSummary("Create or replace a custom control (stored as a new version) and evaluate it. A control that does not load or fails its tests is refused and the previous version stays in force.");
        api.MapDelete("/controls/{id}", DeleteAsync)
            .RequireAuthorization(Roles.CanAdminister)
            .Produces(204)
            .ProducesProblem(404)
            .ProducesProblem(409)
            .WithSummary("Delete a custom control: its results go and its findings are resolved; its versions stay in history.");
        api.MapGet("/posture", PostureAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<PostureResponse>()
            .WithSummary("Posture scores per asset, team, account and overall, and the OWASP framework report.");
        api.MapGet("/exceptions", ExceptionsAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<ExceptionsResponse>()
            .WithSummary("Every exception, expired ones included.");
        api.MapPost("/exceptions", AddExceptionAsync)
            .RequireAuthorization(Roles.CanWrite)
            .Produces<PostureException>(201)
            .ProducesValidationProblem()
            .WithSummary("Except a control failing on a resource until a date; who is taken from the token.");
        api.MapDelete("/exceptions/{id}", DeleteExceptionAsync)
            .RequireAuthorization(Roles.CanWrite)
            .Produces(204)
            .ProducesProblem(404)
            .WithSummary("Revoke an exception: the result turns back to failing if the resource still fails.");
    }

    private static async Task<IResult> ListAsync(PostureService posture, CancellationToken ct)
    {
        var controls = await posture.Controls.CurrentAsync(posture.Store, ct);
        var byControl = (await posture.Store.ListResultsAsync(null, ct)).ToLookup(r => r.ControlId, StringComparer.Ordinal);
        var items = new List<ControlSummary>(controls.Count);
        foreach (var c in controls)
        {
            items.Add(Summary(c, [.. byControl[c.Id]]));
        }

        var refused = posture.Controls.BuiltInErrors.Select(e => new ControlRefusal(e.File, e.Line, e.Reason)).ToList();
        return TypedResults.Ok(new ControlsResponse(items, refused));
    }

    private static async Task<IResult> GetAsync(string id, PostureService posture, CancellationToken ct)
    {
        var control = await FindAsync(posture, id, ct);
        if (control is null)
        {
            return NoSuchControl(id);
        }

        return TypedResults.Ok(await DetailAsync(posture, control, ct));
    }

    private static async Task<IResult> EvaluateAsync(HttpRequest request, PostureService posture, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync(request, PostureApiJsonContext.Default.ControlRequest, MaxControlBytes, ct);
        if (error is not null)
        {
            return error;
        }

        var (control, refusal) = posture.Controls.Compile("dry-run", body!.Rego, body.Test);
        if (control is null)
        {
            return Refused(refusal!);
        }

        var outcome = await posture.DryRunAsync(control, ct);
        var results = outcome.Results.Select(r => PostureService.ToStored(r, null, DateTimeOffset.UtcNow)).ToList();
        return TypedResults.Ok(new ControlEvaluateResponse(Summary(new LoadedControl(control, false, null, body.Test, null, null), results), results));
    }

    private static async Task<IResult> PutAsync(string id, HttpContext context, PostureService posture, TimeProvider time, CancellationToken ct)
    {
        if (!ControlId().IsMatch(id))
        {
            return RequestErrors.Single("id", "must be 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }

        if (posture.Controls.IsBuiltIn(id))
        {
            return RequestErrors.Single("id", "'" + id + "' is a built-in control; copy it under a new id to change it", StatusCodes.Status409Conflict);
        }

        var (body, error) = await JsonBody.ReadAsync(context.Request, PostureApiJsonContext.Default.ControlRequest, MaxControlBytes, ct);
        if (error is not null)
        {
            return error;
        }

        var (control, refusal) = posture.Controls.Compile(id, body!.Rego, body.Test);
        if (control is null)
        {
            return Refused(refusal!);
        }

        if (control.Metadata.Id != id)
        {
            return RequestErrors.Single("rego", "the control's custom.id is '" + control.Metadata.Id + "', not '" + id + "' as in the path");
        }

        await posture.Store.PutControlAsync(new StoredControl
        {
            Id = id,
            Version = 0,
            Rego = body.Rego,
            Test = body.Test,
            By = AuthSetup.WhoOf(context.User),
            At = time.GetUtcNow(),
        }, ct);
        await posture.EvaluateControlAsync(id, ct);
        var loaded = await FindAsync(posture, id, ct);
        return loaded is null ? NoSuchControl(id) : TypedResults.Ok(await DetailAsync(posture, loaded, ct));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, PostureService posture, TimeProvider time, CancellationToken ct)
    {
        if (posture.Controls.IsBuiltIn(id))
        {
            return RequestErrors.Single("id", "'" + id + "' is a built-in control and cannot be deleted", StatusCodes.Status409Conflict);
        }

        var control = await FindAsync(posture, id, ct);
        if (control is null)
        {
            return NoSuchControl(id);
        }

        await posture.Store.PutControlAsync(new StoredControl
        {
            Id = id,
            Version = 0,
            Rego = "",
            By = AuthSetup.WhoOf(context.User),
            At = time.GetUtcNow(),
            Deleted = true,
        }, ct);
        await posture.RemoveControlAsync(control.Control, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> PostureAsync(PostureService posture, IAssetStore assets, CancellationToken ct)
    {
        var controls = await posture.Controls.CurrentAsync(posture.Store, ct);
        var byControl = (await posture.Store.ListResultsAsync(null, ct)).ToLookup(r => r.ControlId, StringComparer.Ordinal);
        var outcomes = new List<ControlOutcome>(controls.Count);
        foreach (var c in controls)
        {
            var results = byControl[c.Id].Select(r => new ControlResult { ControlId = r.ControlId, ResourceId = r.ResourceId, Status = ResultStatusNames.Parse(r.Status) }).ToList();
            outcomes.Add(new ControlOutcome(c.Control, results));
        }

        var snapshot = await assets.LoadSnapshotAsync(ct);
        var report = new PostureReport(outcomes, snapshot.Assets);
        return TypedResults.Ok(new PostureResponse(report.Scores.Overall, report.Scores.Accounts, report.Scores.Teams, report.Scores.Assets, report.Frameworks));
    }

    private static async Task<IResult> ExceptionsAsync(PostureService posture, CancellationToken ct) =>
        TypedResults.Ok(new ExceptionsResponse(await posture.Store.ListExceptionsAsync(ct)));

    private static async Task<IResult> AddExceptionAsync(HttpContext context, PostureService posture, TimeProvider time, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, PostureApiJsonContext.Default.ExceptionRequest, 64 * 1024, ct);
        if (error is not null)
        {
            return error;
        }

        var errors = new RequestErrors();
        var now = time.GetUtcNow();
        if (await FindAsync(posture, body!.ControlId, ct) is null)
        {
            errors.Add("controlId", "no control '" + body.ControlId + "' is in force");
        }

        if (body.ResourceId.Length is 0 or > 2048)
        {
            errors.Add("resourceId", "must be 1-2048 characters: the asset id the control judges");
        }

        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 1000)
        {
            errors.Add("reason", "must be 1-1000 characters saying why the risk is accepted");
        }

        if (body.Expires <= now)
        {
            errors.Add("expires", "must be in the future");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var exception = new PostureException
        {
            Id = "x_" + Guid.NewGuid().ToString("N")[..16],
            ControlId = body.ControlId,
            ResourceId = body.ResourceId,
            Reason = body.Reason.Trim(),
            By = AuthSetup.WhoOf(context.User),
            Created = now,
            Expires = body.Expires,
        };
        await posture.Store.PutExceptionAsync(exception, ct);
        await posture.EvaluateResourcesAsync(exception.ControlId, new HashSet<string>(StringComparer.Ordinal) { exception.ResourceId }, ct);
        return TypedResults.Created("/spm/api/exceptions/" + exception.Id, exception);
    }

    private static async Task<IResult> DeleteExceptionAsync(string id, PostureService posture, CancellationToken ct)
    {
        if (id.Length > 64 || await posture.Store.DeleteExceptionAsync(id, ct) is not { } removed)
        {
            return TypedResults.Problem(statusCode: 404, title: "No such exception.", detail: "exception '" + id + "' does not exist");
        }

        await posture.EvaluateResourcesAsync(removed.ControlId, new HashSet<string>(StringComparer.Ordinal) { removed.ResourceId }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<LoadedControl?> FindAsync(PostureService posture, string id, CancellationToken ct)
    {
        foreach (var c in await posture.Controls.CurrentAsync(posture.Store, ct))
        {
            if (c.Id == id)
            {
                return c;
            }
        }

        return null;
    }

    private static async Task<ControlDetailResponse> DetailAsync(PostureService posture, LoadedControl c, CancellationToken ct)
    {
        var results = await posture.Store.ListResultsAsync(c.Id, ct);
        var versions = c.BuiltIn ? [] : (await posture.Store.ControlHistoryAsync(c.Id, ct)).Select(v => new ControlVersion(v.Version, v.By, v.At, v.Deleted)).ToList();
        var m = c.Control.Metadata;
        return new ControlDetailResponse
        {
            Control = Summary(c, results),
            Description = m.Description,
            Rego = c.Control.Text,
            Test = c.Test,
            Remediation = m.Remediation,
            Prowler = m.Prowler,
            ResourceId = m.ResourceId,
            Results = results,
            Versions = versions,
        };
    }

    private static ControlSummary Summary(LoadedControl c, IReadOnlyList<StoredResult> results)
    {
        var m = c.Control.Metadata;
        return new ControlSummary
        {
            Id = m.Id,
            Title = m.Title,
            Severity = PostureFindings.SeverityName(m.Severity),
            ResourceKind = m.ResourceKind,
            Frameworks = m.Frameworks,
            Source = c.BuiltIn ? "builtin" : "custom",
            Version = c.Version,
            Passing = results.Count(r => r.Status == ResultStatusNames.Passing),
            Failing = results.Count(r => r.Status == ResultStatusNames.Failing),
            Error = results.Count(r => r.Status == ResultStatusNames.Error),
            Excepted = results.Count(r => r.Status == ResultStatusNames.Excepted),
        };
    }

    /// <summary>A refused control: 400 naming the field (rego or test), the line and the reason.</summary>
    private static IResult Refused(ControlLoadError e)
    {
        var field = e.File.EndsWith("_test.rego", StringComparison.Ordinal) ? "test" : e.File.StartsWith("custom/", StringComparison.Ordinal) ? "rego" : "lib";
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = ["line " + e.Line + ": " + e.Reason] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The control was refused.",
            Detail = e.ToString(),
        };
        problem.Extensions["code"] = "control_refused";
        problem.Extensions["line"] = e.Line;
        problem.Extensions["reason"] = e.Reason;
        return TypedResults.Problem(problem);
    }

    private static IResult NoSuchControl(string id) =>
        TypedResults.Problem(statusCode: 404, title: "No such control.", detail: "no control '" + id + "' is in force");
}
