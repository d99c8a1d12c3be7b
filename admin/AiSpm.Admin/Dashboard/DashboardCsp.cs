using AiSpm.Admin.Auth;
using AiSpm.Admin.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace AiSpm.Admin.Dashboard;

/// <summary>
/// The Content-Security-Policy of the dashboard's index page. Scripts only from this origin; under OIDC the page
/// also talks to the issuer (its discovery document) and to its token endpoint, which may sit on another origin
/// (Cognito's hosted domain), so <c>connect-src</c> names both: the token endpoint's origin is read from the same
/// discovery document the bearer handler uses, and cached once read.
/// </summary>
internal sealed class DashboardCsp(AdminSettings settings, IOptionsMonitor<JwtBearerOptions> jwt, ILogger<DashboardCsp> logger)
{
    private const string Before = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";
    // Mantine sets style attributes, hence 'unsafe-inline' for styles only.
    private const string After = "; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static readonly TimeSpan DiscoveryWait = TimeSpan.FromSeconds(3);

    private string? _resolved;

    public async ValueTask<string> PolicyAsync(CancellationToken cancellationToken)
    {
        if (_resolved is { } done)
        {
            return done;
        }

        var auth = settings.Auth;
        if (auth.Mode != AuthSettings.Oidc || auth.Authority is not { } authority)
        {
            return _resolved = Before + After;
        }

        var origins = new SortedSet<string>(StringComparer.Ordinal);
        AddOrigin(origins, authority);
        // A slow or unreachable issuer must not hold the page: past a few seconds it gets the issuer's origin only.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(DiscoveryWait);
        try
        {
            if (jwt.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager is { } manager)
            {
                var discovery = await manager.GetConfigurationAsync(limit.Token);
                AddOrigin(origins, discovery.TokenEndpoint);
                _resolved = Build(origins);
                return _resolved;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Not cached: the next page load asks again (the manager itself backs off between fetches).
            DashboardLog.DiscoveryFailed(logger, authority, ex.Message);
        }

        return Build(origins);
    }

    private static string Build(SortedSet<string> origins) => Before + " " + string.Join(' ', origins) + After;

    private static void AddOrigin(SortedSet<string> origins, string? url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
        {
            origins.Add(uri.GetLeftPart(UriPartial.Authority));
        }
    }
}
