using AiSpm.Admin.Auth;
using AiSpm.Admin.Hosting;
using AiSpm.Admin.Json;
using AiSpm.Admin.Storage;
using AiSpm.Contracts;

namespace AiSpm.Admin.Api;

/// <summary>Findings: list, read one, change status with who and why.</summary>
internal static class FindingsEndpoints
{
    public static void MapFindings(this RouteGroupBuilder api)
    {
        api.MapGet("/findings", QueryAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<FindingPageResponse>()
            .ProducesValidationProblem()
            .WithSummary("Findings, most recently seen first, with cursor paging.");
        api.MapGet("/findings/{id}", GetAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<FindingRecord>()
            .ProducesProblem(404);
        api.MapPatch("/findings/{id}", PatchAsync)
            .RequireAuthorization(Roles.CanWrite)
            .Accepts<FindingPatchRequest>("application/json")
            .Produces<FindingRecord>()
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .WithSummary("Set a finding's status (open, acknowledged, resolved, suppressed) with a reason.");
    }

    private static async Task<IResult> QueryAsync(HttpRequest request, IAdminStore store, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var q = new QueryParams(request.Query, errors);
        q.AllowOnly("status", "severity", "type", "limit", "cursor");
        var query = new FindingQuery
        {
            Status = q.OneOf("status", FindingStatus.IsStatus, "open, acknowledged, resolved, suppressed"),
            Severity = q.OneOf("severity", s => EventSeverity.Rank(s) >= 0, "info, low, medium, high, critical"),
            Type = q.Text("type", 128),
            Limit = q.Int("limit", 100, 1, 1000),
            Cursor = q.Text("cursor", 512),
        };
        if (query.Cursor is not null && !SortKey.TryParseCursor(query.Cursor, out _))
        {
            errors.Add("cursor", "is not a cursor this service returned");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var page = await store.QueryFindingsAsync(query, ct);
        return TypedResults.Ok(new FindingPageResponse(page.Items, page.NextCursor));
    }

    private static async Task<IResult> GetAsync(string id, IAdminStore store, CancellationToken ct) =>
        IsId(id) && await store.GetFindingAsync(id, ct) is { } f
            ? TypedResults.Ok(f)
            : TypedResults.Problem(statusCode: 404, title: "No such finding.", detail: "finding '" + id + "' does not exist");

    private static async Task<IResult> PatchAsync(string id, HttpContext context, IAdminStore store, AdminSettings settings, TimeProvider time, CancellationToken ct)
    {
        var (patch, error) = await JsonBody.ReadAsync(context.Request, AdminJsonContext.Default.FindingPatchRequest, 64 * 1024, ct);
        if (error is not null)
        {
            return error;
        }

        var errors = new RequestErrors();
        if (!FindingStatus.IsStatus(patch!.Status))
        {
            errors.Add("status", "must be one of open, acknowledged, resolved, suppressed");
        }

        if (string.IsNullOrWhiteSpace(patch.Reason) || patch.Reason.Length > 1000)
        {
            errors.Add("reason", "must be 1-1000 characters saying why");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var change = new FindingStatusChange(patch.Status, AuthSetup.WhoOf(context.User), patch.Reason.Trim(), time.GetUtcNow());
        return IsId(id) && await store.UpdateFindingStatusAsync(id, change, ct) is { } f
            ? TypedResults.Ok(f)
            : TypedResults.Problem(statusCode: 404, title: "No such finding.", detail: "finding '" + id + "' does not exist");
    }

    private static bool IsId(string id) => id.Length is > 0 and <= 64;
}
