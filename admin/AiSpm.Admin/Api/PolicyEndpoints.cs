using System.Globalization;
using AiSpm.Admin.Auth;
using AiSpm.Admin.Json;
using AiSpm.Admin.Storage;
using AiSpm.Contracts;

namespace AiSpm.Admin.Api;

/// <summary>
/// The control path: gateways poll <c>GET policies</c> with If-None-Match (a 304 costs nearly nothing), admins
/// change it with <c>PUT policies</c> or just the mode with <c>PUT defender/mode</c>. Every change bumps the version.
/// </summary>
internal static class PolicyEndpoints
{
    public static void MapPolicy(this RouteGroupBuilder api)
    {
        api.MapGet("/policies", GetAsync)
            .RequireAuthorization(Roles.CanReadPolicy)
            .Produces<GatewayPolicy>()
            .Produces(304)
            .WithSummary("The gateway policy; honours If-None-Match with the ETag (the version).");
        api.MapPut("/policies", PutAsync)
            .RequireAuthorization(Roles.CanAdminister)
            .Accepts<GatewayPolicy>("application/json")
            .Produces<GatewayPolicy>()
            .ProducesValidationProblem()
            .ProducesProblem(412)
            .WithSummary("Replace the gateway policy (If-Match optional); bumps the version.");
        api.MapGet("/defender/mode", GetModeAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<DefenderModeResponse>();
        api.MapPut("/defender/mode", PutModeAsync)
            .RequireAuthorization(Roles.CanAdminister)
            .Accepts<DefenderModeRequest>("application/json")
            .Produces<DefenderModeResponse>()
            .ProducesValidationProblem()
            .WithSummary("Set the default mode (monitor or enforce; null: each gateway's own) for every gateway.");
    }

    public static string ETagOf(GatewayPolicy p) => "\"" + p.Version + "\"";

    private static async Task<IResult> GetAsync(HttpContext context, IAdminStore store, CancellationToken ct)
    {
        if (context.Request.Query.Count > 0)
        {
            return RequestErrors.Single(FirstKey(context.Request.Query), "unknown query parameter; this endpoint takes none");
        }

        var policy = await store.GetPolicyAsync(ct) ?? GatewayPolicy.Default;
        var etag = ETagOf(policy);
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "no-cache";
        if (Matches(context.Request.Headers.IfNoneMatch.ToString(), etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Ok(policy);
    }

    private static async Task<IResult> PutAsync(HttpContext context, IAdminStore store, TimeProvider time, CancellationToken ct)
    {
        var (policy, error) = await JsonBody.ReadAsync(context.Request, AdminJsonContext.Default.GatewayPolicy, 1024 * 1024, ct);
        if (error is not null)
        {
            return error;
        }

        var errors = new RequestErrors();
        PolicyValidator.Validate(policy!, errors);
        long? expected = null;
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0)
        {
            if (long.TryParse(ifMatch.Trim().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                expected = v;
            }
            else
            {
                errors.Add("If-Match", "must be an ETag this service returned, e.g. \"3\"");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem("The policy is invalid; nothing was changed.");
        }

        try
        {
            var stored = await store.PutPolicyAsync(
                policy! with { UpdatedAt = time.GetUtcNow(), UpdatedBy = AuthSetup.WhoOf(context.User) }, expected, ct);
            context.Response.Headers.ETag = ETagOf(stored);
            return TypedResults.Ok(stored);
        }
        catch (PolicyConflictException ex)
        {
            return TypedResults.Problem(statusCode: 412, title: "The policy changed meanwhile.",
                detail: ex.Message + "; the current version is " + ex.CurrentVersion.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static async Task<IResult> GetModeAsync(IAdminStore store, CancellationToken ct)
    {
        var policy = await store.GetPolicyAsync(ct) ?? GatewayPolicy.Default;
        return TypedResults.Ok(new DefenderModeResponse(policy.Mode, policy.Version));
    }

    private static async Task<IResult> PutModeAsync(HttpContext context, IAdminStore store, TimeProvider time, CancellationToken ct)
    {
        var (request, error) = await JsonBody.ReadAsync(context.Request, AdminJsonContext.Default.DefenderModeRequest, 4096, ct);
        if (error is not null)
        {
            return error;
        }

        if (request!.Mode is not null && !PolicyMode.IsMode(request.Mode))
        {
            return RequestErrors.Single("mode", "must be monitor, enforce or null");
        }

        // Read-modify-write on the version; a concurrent policy change makes us retry rather than overwrite it.
        for (var attempt = 0; ; attempt++)
        {
            var current = await store.GetPolicyAsync(ct);
            var version = current is null ? 0 : long.Parse(current.Version, CultureInfo.InvariantCulture);
            try
            {
                var stored = await store.PutPolicyAsync(
                    (current ?? GatewayPolicy.Default) with { Mode = request.Mode, UpdatedAt = time.GetUtcNow(), UpdatedBy = AuthSetup.WhoOf(context.User) },
                    version, ct);
                return TypedResults.Ok(new DefenderModeResponse(stored.Mode, stored.Version));
            }
            catch (PolicyConflictException) when (attempt < 5)
            {
            }
        }
    }

    private static bool Matches(string ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Length == 0)
        {
            return false;
        }

        foreach (var part in ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
            if (tag == "*" || string.Equals(tag, etag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string FirstKey(IQueryCollection q)
    {
        foreach (var (k, _) in q)
        {
            return k;
        }

        return "query";
    }
}
