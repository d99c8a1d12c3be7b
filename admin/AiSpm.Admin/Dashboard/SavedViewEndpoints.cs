using System.Security.Claims;
using AiSpm.Admin.Api;
using AiSpm.Admin.Auth;
using AiSpm.Admin.Json;
using AiSpm.Admin.Storage.Views;

namespace AiSpm.Admin.Dashboard;

/// <summary>
/// Saved views: each user's named filter sets of a dashboard view, stored server-side so they follow the user to
/// another browser. Personal, so a viewer may keep them too; nobody reads or deletes another user's.
/// </summary>
internal static class SavedViewEndpoints
{
    /// <summary>The views that have filters worth saving.</summary>
    public static readonly string[] Views = ["findings"];

    public const int MaxPerView = 100;
    public const int MaxNameLength = 80;
    public const int MaxQueryLength = 2000;

    public static void MapSavedViews(this RouteGroupBuilder api)
    {
        api.MapGet("/saved-views/{view}", ListAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<SavedViewsResponse>()
            .ProducesProblem(404)
            .WithSummary("The caller's saved views of a dashboard view (findings), by name.");
        api.MapPut("/saved-views/{view}/{name}", PutAsync)
            .RequireAuthorization(Roles.CanRead)
            .Accepts<SavedViewRequest>("application/json")
            .Produces<SavedView>()
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(409)
            .WithSummary("Save the view's query string under a name for the caller (saving a name again replaces it).");
        api.MapDelete("/saved-views/{view}/{name}", DeleteAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(404)
            .WithSummary("Delete one of the caller's saved views.");
    }

    /// <summary>Whose views these are: the token's subject (stable across renames), else the audit name.</summary>
    internal static string OwnerOf(ClaimsPrincipal user) => user.FindFirst("sub")?.Value is { Length: > 0 } sub ? sub : AuthSetup.WhoOf(user);

    private static async Task<IResult> ListAsync(string view, HttpContext context, ISavedViewStore store, CancellationToken ct) =>
        Array.IndexOf(Views, view) < 0
            ? NoSuchView(view)
            : TypedResults.Ok(new SavedViewsResponse(await store.ListAsync(OwnerOf(context.User), view, ct)));

    private static async Task<IResult> PutAsync(
        string view, string name, HttpContext context, ISavedViewStore store, TimeProvider time, ILogger<SavedView> logger, CancellationToken ct)
    {
        if (Array.IndexOf(Views, view) < 0)
        {
            return NoSuchView(view);
        }

        var (body, error) = await JsonBody.ReadAsync(context.Request, AdminJsonContext.Default.SavedViewRequest, 16 * 1024, ct);
        if (error is not null)
        {
            return error;
        }

        var errors = new RequestErrors();
        if (!IsText(name, MaxNameLength) || name.Trim().Length != name.Length)
        {
            errors.Add("name", "1-" + MaxNameLength + " characters, no control characters, no leading or trailing spaces");
        }

        var query = body!.Query;
        if (query.Length > MaxQueryLength || query.StartsWith('?') || (query.Length > 0 && !IsText(query, MaxQueryLength)) || query.Contains('#', StringComparison.Ordinal))
        {
            errors.Add("query", "the view's query string without '?' or '#', at most " + MaxQueryLength + " characters");
        }

        if (errors.Any)
        {
            return errors.ToProblem("The saved view is invalid; nothing was saved.");
        }

        var owner = OwnerOf(context.User);
        var existing = await store.ListAsync(owner, view, ct);
        if (existing.Count >= MaxPerView && !existing.Any(v => v.Name == name))
        {
            return TypedResults.Problem(statusCode: 409, title: "Too many saved views.", detail: "at most " + MaxPerView + " per view; delete one first");
        }

        var saved = new SavedView(owner, view, name, query, time.GetUtcNow());
        await store.PutAsync(saved, ct);
        DashboardLog.SavedViewStored(logger, name, view, owner);
        return TypedResults.Ok(saved);
    }

    private static async Task<IResult> DeleteAsync(string view, string name, HttpContext context, ISavedViewStore store, ILogger<SavedView> logger, CancellationToken ct)
    {
        if (Array.IndexOf(Views, view) < 0)
        {
            return NoSuchView(view);
        }

        var owner = OwnerOf(context.User);
        if (!await store.DeleteAsync(owner, view, name, ct))
        {
            return TypedResults.Problem(statusCode: 404, title: "No such saved view.", detail: "you have no saved " + view + " view named '" + Cut(name) + "'");
        }

        DashboardLog.SavedViewDeleted(logger, name, owner);
        return TypedResults.NoContent();
    }

    private static bool IsText(string s, int max)
    {
        if (s.Length is 0 || s.Length > max)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Cut(string s) => s.Length > 80 ? s[..80] : s;

    private static IResult NoSuchView(string view) =>
        TypedResults.Problem(statusCode: 404, title: "No such view.", detail: "views with saved filters: " + string.Join(", ", Views) + " (not '" + Cut(view) + "')");
}
