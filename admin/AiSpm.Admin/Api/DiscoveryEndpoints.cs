using AiSpm.Admin.Auth;
using AiSpm.Admin.Discovery;
using AiSpm.Admin.Storage.Assets;

namespace AiSpm.Admin.Api;

/// <summary>Discovery runs and connector health, and a run on demand.</summary>
internal static class DiscoveryEndpoints
{
    public static void MapDiscovery(this RouteGroupBuilder api)
    {
        api.MapPost("/discovery/run", RunAsync)
            .RequireAuthorization(Roles.CanAdminister)
            .Produces<DiscoveryRun>()
            .ProducesValidationProblem()
            .ProducesProblem(409)
            .WithSummary("Run discovery now (every connector, or the one named by connector) and return the run.");
        api.MapGet("/discovery/runs", RunsAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<DiscoveryRunsResponse>()
            .ProducesValidationProblem()
            .WithSummary("Discovery runs, newest first.");
        api.MapGet("/discovery/connectors", ConnectorsAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<DiscoveryConnectorsResponse>()
            .WithSummary("Each connector's health: status, last run, last success, last error, counts.");
    }

    private static async Task<IResult> RunAsync(HttpRequest request, DiscoveryRunner runner, DiscoverySettings settings, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var q = new QueryParams(request.Query, errors);
        q.AllowOnly("connector");
        var name = q.Text("connector", 128);
        IReadOnlyList<DiscoveryConnectorSettings> connectors = settings.Connectors;
        if (name is not null)
        {
            connectors = settings.Find(name) is { } one ? [one] : [];
            if (connectors.Count == 0)
            {
                errors.Add("connector", "no connector named '" + name + "' is configured");
            }
        }
        else if (connectors.Count == 0)
        {
            errors.Add("connector", "no connectors are configured (section discovery:connectors)");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await runner.RunAsync(connectors, "manual", onlyIfDue: false, ct) is { } run
            ? TypedResults.Ok(run)
            : TypedResults.Problem(statusCode: 409, title: "A discovery run is in progress.", detail: "another run holds the scan lease; try again when it ends");
    }

    private static async Task<IResult> RunsAsync(HttpRequest request, IAssetStore store, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var q = new QueryParams(request.Query, errors);
        q.AllowOnly("limit");
        var limit = q.Int("limit", 50, 1, 500);
        return errors.Any ? errors.ToProblem() : TypedResults.Ok(new DiscoveryRunsResponse(await store.ListRunsAsync(limit, ct)));
    }

    private static async Task<IResult> ConnectorsAsync(IAssetStore store, DiscoverySettings settings, CancellationToken ct)
    {
        var stored = new Dictionary<string, ConnectorState>(StringComparer.Ordinal);
        foreach (var s in await store.ListConnectorStatesAsync(ct))
        {
            stored[s.Name] = s;
        }

        var items = new List<ConnectorState>();
        foreach (var c in settings.Connectors)
        {
            items.Add(stored.Remove(c.Name, out var s) ? s : new ConnectorState { Name = c.Name, Type = c.Type, Status = "pending" });
        }

        items.AddRange(stored.Values);
        return TypedResults.Ok(new DiscoveryConnectorsResponse(items));
    }
}
