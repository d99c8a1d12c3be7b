using AiSpm.Admin.Api;
using AiSpm.Admin.Auth;
using AiSpm.Admin.Hosting;
using AiSpm.Admin.Json;
using AiSpm.Admin.Storage.Dynamo;
using AiSpm.Admin.Storage.Sqlite;
using AiSpm.Admin.Storage.Views;
using Microsoft.AspNetCore.StaticFiles;

namespace AiSpm.Admin.Dashboard;

/// <summary>
/// The dashboard's side of the admin service: its built files from <c>/</c> (one origin; any path that is not a file
/// gets index.html, so deep links work), and sign-in under local auth, where the one-time code printed on the
/// <c>dashboard:</c> line is exchanged for the session token.
/// </summary>
internal static class DashboardEndpoints
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddSingleton<SignInCodes>();
        services.AddSingleton<DashboardCsp>();
        services.AddSingleton<ISavedViewStore>(sp => sp.GetRequiredService<AdminSettings>().Storage is { Provider: "dynamodb" } storage
            ? new DynamoSavedViewStore(storage)
            : new SqliteSavedViewStore(sp.GetRequiredService<AdminSettings>().Storage, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(DashboardFiles.Locate(configuration["dashboard:directory"], contentRoot));
        return services;
    }

    public static void MapDashboard(this WebApplication app, RouteGroupBuilder api)
    {
        api.MapPost("/session", CreateSessionAsync)
            .AllowAnonymous()
            .Accepts<SessionRequest>("application/json")
            .Produces<SessionResponse>()
            .ProducesProblem(401)
            .ProducesProblem(404)
            .WithSummary("Local auth only: exchange the dashboard URL's one-time code for the session token.");
        api.MapPost("/session/codes", NewCode)
            .RequireAuthorization(Roles.CanAdminister)
            .Produces<SignInCodeResponse>()
            .ProducesProblem(404)
            .WithSummary("Local auth only: a fresh one-time dashboard sign-in URL.");
        api.MapSavedViews();
        api.MapGet("/auth/config", AuthConfig)
            .AllowAnonymous()
            .Produces<AuthConfigResponse>()
            .WithSummary("How the dashboard signs in: the auth mode and, under OIDC, the issuer, the public client and the scopes.");
        api.MapGet("/me", Me)
            .RequireAuthorization(Roles.CanRead)
            .Produces<MeResponse>()
            .WithSummary("Who the token stands for and its roles.");
        // A fallback for GET and HEAD only: a catch-all for every method stays a candidate beside an API endpoint that
        // refuses a request's method or media type, so routing never answered 405 or 415 for the API.
        app.MapMethods("{**path}", [HttpMethods.Get, HttpMethods.Head], Serve)
            .WithOrder(int.MaxValue).WithDisplayName("Dashboard").AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>Prints the <c>dashboard:</c> line; under local auth its URL carries a fresh one-time code.</summary>
    public static async Task AnnounceAsync(WebApplication app, Uri adminUri, TextWriter stdout)
    {
        var settings = app.Services.GetRequiredService<AdminSettings>();
        var url = adminUri.GetLeftPart(UriPartial.Authority) + "/";
        if (settings.Auth.Mode == AuthSettings.Local && app.Services.GetRequiredService<SignInCodes>().Issue() is { } code)
        {
            url += "#code=" + code;
        }

        await stdout.WriteLineAsync("dashboard: " + url);
        await stdout.FlushAsync();
    }

    private static async Task<IResult> CreateSessionAsync(HttpRequest request, SignInCodes codes, LocalToken token, CancellationToken ct)
    {
        if (token.Value is null)
        {
            return NotLocal();
        }

        var (body, error) = await JsonBody.ReadAsync(request, AdminJsonContext.Default.SessionRequest, 4096, ct);
        if (error is not null)
        {
            return error;
        }

        // One answer for unknown, used and expired codes: the caller learns nothing about which.
        return codes.TryRedeem(body!.Code)
            ? TypedResults.Ok(new SessionResponse(token.Value, "local-admin", [.. Roles.Expand(Roles.Admin)]))
            : TypedResults.Problem(statusCode: 401, title: "The sign-in code is not valid.", detail: "codes work once and expire after " + SignInCodes.Lifetime.TotalMinutes + " minutes; ./aispm dashboard prints a new one");
    }

    private static IResult NewCode(HttpRequest request, SignInCodes codes, LocalToken token, TimeProvider time)
    {
        if (token.Value is null)
        {
            return NotLocal();
        }

        return codes.Issue() is { } code
            ? TypedResults.Ok(new SignInCodeResponse(request.Scheme + "://" + request.Host + "/#code=" + code, time.GetUtcNow() + SignInCodes.Lifetime))
            : TypedResults.Problem(statusCode: 429, title: "Too many sign-in codes are outstanding.", detail: "use one, or wait until they expire");
    }

    private static IResult Me(HttpContext context, AdminSettings settings)
    {
        var roles = new List<string>(3);
        foreach (var role in (ReadOnlySpan<string>)[Roles.Viewer, Roles.Analyst, Roles.Admin])
        {
            if (context.User.IsInRole(role))
            {
                roles.Add(role);
            }
        }

        return TypedResults.Ok(new MeResponse(AuthSetup.WhoOf(context.User), [.. roles], settings.Auth.Mode));
    }

    private static IResult AuthConfig(AdminSettings settings)
    {
        var auth = settings.Auth;
        return auth.Mode == AuthSettings.Oidc
            ? TypedResults.Ok(new AuthConfigResponse(auth.Mode, auth.Authority?.TrimEnd('/'), auth.DashboardClientId, auth.DashboardScope))
            : TypedResults.Ok(new AuthConfigResponse(auth.Mode, null, null, null));
    }

    private static IResult NotLocal() =>
        TypedResults.Problem(statusCode: 404, title: "Sign-in codes exist only under local auth.", detail: "sign in through the configured OIDC issuer");

    private static async Task<IResult> Serve(HttpContext context, DashboardFiles files, DashboardCsp csp)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/spm/", StringComparison.Ordinal) || path == "/spm")
        {
            return TypedResults.Problem(statusCode: 404, title: "No such endpoint.", detail: path);
        }

        if (files.Provider is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "The dashboard is not built.", detail: "run ./aispm build (npm run build in admin/dashboard)");
        }

        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        var file = files.Provider.GetFileInfo(path);
        if (path != "/" && file is { Exists: true, IsDirectory: false, PhysicalPath: { } physical })
        {
            // Vite names assets by content hash, so they never change; everything else is revalidated.
            headers.CacheControl = path.StartsWith("/assets/", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
            return TypedResults.PhysicalFile(physical, ContentTypes.TryGetContentType(physical, out var type) ? type : "application/octet-stream");
        }

        if (Path.HasExtension(path))
        {
            return TypedResults.NotFound();
        }

        headers.CacheControl = "no-cache";
        headers.ContentSecurityPolicy = await csp.PolicyAsync(context.RequestAborted);
        // The sign-in URL carries the code in its fragment (local auth) or its query (the OIDC callback); no referrer
        // keeps every URL of the app out of other logs.
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        return TypedResults.PhysicalFile(Path.Combine(files.Root!, "index.html"), "text/html; charset=utf-8");
    }
}
