using AiSpm.Admin.Auth;
using AiSpm.Admin.Guardian;

namespace AiSpm.Admin.Api;

/// <summary>
/// The Guardian: its queue of proposed actions, an analyst's approve, reject and rollback, a pass on demand, and
/// the audit trail. Outcomes map to status codes here and nowhere else.
/// </summary>
internal static class GuardianEndpoints
{
    private const int BodyLimit = 8192;

    public static void MapGuardian(this RouteGroupBuilder api)
    {
        api.MapGet("/guardian/actions", ListAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<GuardianActionsResponse>()
            .ProducesValidationProblem()
            .WithSummary("The Guardian's actions, newest first; filter with state (pending, executed, ...).");
        api.MapPost("/guardian/actions/{id}/approve", ApproveAsync)
            .RequireAuthorization(Roles.CanWrite)
            .Accepts<GuardianDecisionRequest>("application/json")
            .Produces<GuardianAction>()
            .ProducesProblem(404)
            .ProducesProblem(409)
            .ProducesProblem(502)
            .WithSummary("Approve a pending action; it runs at once. 502 when it ran and failed.");
        api.MapPost("/guardian/actions/{id}/reject", RejectAsync)
            .RequireAuthorization(Roles.CanWrite)
            .Accepts<GuardianDecisionRequest>("application/json")
            .Produces<GuardianAction>()
            .ProducesProblem(404)
            .ProducesProblem(409)
            .WithSummary("Reject a pending action.");
        api.MapPost("/guardian/actions/{id}/rollback", RollbackAsync)
            .RequireAuthorization(Roles.CanWrite)
            .Accepts<GuardianDecisionRequest>("application/json")
            .Produces<GuardianAction>()
            .ProducesProblem(404)
            .ProducesProblem(409)
            .ProducesProblem(502)
            .WithSummary("Undo an executed action, restoring what it changed.");
        api.MapPost("/guardian/run", RunAsync)
            .RequireAuthorization(Roles.CanWrite)
            .Accepts<GuardianRunRequest>("application/json")
            .Produces<GuardianRunResult>()
            .WithSummary("Run a Guardian pass now; with dryRun, only report what it would propose.");
        api.MapGet("/guardian/audit", AuditAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<GuardianAuditResponse>()
            .ProducesValidationProblem()
            .WithSummary("Every proposal, approval, rejection, execution, failure and rollback, oldest first.");
    }

    private static async Task<IResult> ListAsync(HttpContext context, GuardianService guardian, IGuardianStore store, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var q = new QueryParams(context.Request.Query, errors);
        q.AllowOnly("state", "limit");
        var state = q.OneOf("state", GuardianActionState.IsState, "pending, executing, executed, failed, rejected, rolling_back, rolled_back");
        var limit = q.Int("limit", 100, 1, 1000);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(new GuardianActionsResponse(guardian.Settings.Mode, await store.ListAsync(state, limit, ct)));
    }

    private static async Task<IResult> AuditAsync(HttpContext context, IGuardianStore store, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var q = new QueryParams(context.Request.Query, errors);
        q.AllowOnly("actionId", "limit");
        var actionId = q.Text("actionId", 64);
        var limit = q.Int("limit", 500, 1, 5000);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(new GuardianAuditResponse(await store.ListAuditAsync(actionId, limit, ct)));
    }

    private static async Task<IResult> RunAsync(HttpContext context, GuardianService guardian, CancellationToken ct)
    {
        var (request, error) = await JsonBody.ReadAsync(context.Request, GuardianJsonContext.Default.GuardianRunRequest, BodyLimit, ct);
        if (error is not null)
        {
            return error;
        }

        return TypedResults.Ok(await guardian.RunAsync(request!.DryRun, AuthSetup.WhoOf(context.User), ct));
    }

    private static Task<IResult> ApproveAsync(string id, HttpContext context, GuardianService guardian, CancellationToken ct) =>
        DecideAsync(id, context, ct, (who, why) => guardian.ApproveAsync(id, who, why, ct));

    private static Task<IResult> RejectAsync(string id, HttpContext context, GuardianService guardian, CancellationToken ct) =>
        DecideAsync(id, context, ct, (who, why) => guardian.RejectAsync(id, who, why, ct));

    private static Task<IResult> RollbackAsync(string id, HttpContext context, GuardianService guardian, CancellationToken ct) =>
        DecideAsync(id, context, ct, (who, why) => guardian.RollbackAsync(id, who, why, ct));

    private static async Task<IResult> DecideAsync(
        string id, HttpContext context, CancellationToken ct, Func<string, string?, Task<(GuardianAction? Action, GuardianOutcome Outcome)>> step)
    {
        // A JSON body (even "{}") is required: a browser's no-cors form post cannot send one, so it cannot forge a decision.
        var (request, error) = await JsonBody.ReadAsync(context.Request, GuardianJsonContext.Default.GuardianDecisionRequest, BodyLimit, ct);
        if (error is not null)
        {
            return error;
        }

        if (request!.Reason is { Length: > 1000 })
        {
            return RequestErrors.Single("reason", "must be at most 1000 characters");
        }

        var (action, outcome) = await step(AuthSetup.WhoOf(context.User), request.Reason);
        return outcome switch
        {
            GuardianOutcome.Done => TypedResults.Ok(action),
            GuardianOutcome.NotFound => TypedResults.Problem(statusCode: 404, title: "No such action.", detail: "no Guardian action has id '" + id + "'"),
            GuardianOutcome.Conflict => TypedResults.Problem(statusCode: 409, title: "The action cannot take this step.",
                detail: "action " + id + " is " + action?.State),
            _ => TypedResults.Problem(statusCode: 502, title: "The action failed.", detail: action?.Error),
        };
    }
}
