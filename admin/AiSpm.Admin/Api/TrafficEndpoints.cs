using AiSpm.Admin.Auth;
using AiSpm.Admin.Discovery;
using AiSpm.Admin.Hosting;
using AiSpm.Admin.Posture;
using AiSpm.Admin.Storage.Traffic;
using AiSpm.Contracts;

namespace AiSpm.Admin.Api;

/// <summary>The gateways' per-minute traffic summaries: ingest (gateway token) and reads (viewer).</summary>
internal static class TrafficEndpoints
{
    public const int MaxSummaries = 5_000;
    private const int MaxText = 256;

    public static void MapTraffic(this RouteGroupBuilder api)
    {
        api.MapPost("/traffic:batch", IngestAsync)
            .RequireAuthorization(Roles.CanIngest)
            .Accepts<TrafficBatch>("application/json")
            .Produces<TrafficIngestResponse>()
            .ProducesValidationProblem()
            .WithSummary("Ingest a gateway's per-minute traffic summaries (gzip accepted); a resent summary replaces itself.")
            .WithDescription("Each summary is keyed by gateway, minute, route, model, key and team. The whole batch is refused "
                + "with a 400 naming the field when any summary is invalid (a minute not on a whole minute, a negative count, "
                + "a missing route, text over 256 characters, more than 5,000 summaries).");
        api.MapGet("/traffic", QueryAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<TrafficPageResponse>()
            .ProducesValidationProblem()
            .WithSummary("Traffic summaries in a window (from inclusive, to exclusive; default the last hour, at most 31 days), "
                + "oldest first, filtered by route, model, key and team.");
    }

    private static async Task<IResult> IngestAsync(
        HttpRequest request, ITrafficStore store, RuntimeInventory runtime, BehaviourSignal behaviour, AdminSettings settings, CancellationToken ct)
    {
        var (batch, error) = await JsonBody.ReadAsync(request, TrafficApiJsonContext.Default.TrafficBatch, settings.MaxBodyBytes, ct);
        if (error is not null)
        {
            return error;
        }

        var errors = new RequestErrors();
        Validate(batch!, errors);
        if (errors.Any)
        {
            return errors.ToProblem("The batch is invalid; nothing was stored.");
        }

        await store.PutAsync(batch!.GatewayId, batch.Summaries, ct);
        // After the summaries are kept: if the merge fails, the gateway's retry stores them again (idempotent) and
        // merges then, so no sighting is lost.
        await runtime.ObserveAsync(batch.GatewayId, batch.Summaries, ct);
        behaviour.Notify();
        return TypedResults.Ok(new TrafficIngestResponse(batch.Summaries.Length));
    }

    internal static void Validate(TrafficBatch batch, RequestErrors errors)
    {
        if (string.IsNullOrWhiteSpace(batch.GatewayId) || batch.GatewayId.Length > MaxText)
        {
            errors.Add("gatewayId", "required, at most 256 characters");
        }

        if (batch.Summaries is null)
        {
            errors.Add("summaries", "required");
            return;
        }

        if (batch.Summaries.Length > MaxSummaries)
        {
            errors.Add("summaries", "at most 5000 per batch");
            return;
        }

        for (var i = 0; i < batch.Summaries.Length; i++)
        {
            var s = batch.Summaries[i];
            var at = "summaries[" + i + "].";
            if (s is null)
            {
                errors.Add("summaries[" + i + "]", "must be an object");
                continue;
            }

            if (s.Minute.UtcTicks % TimeSpan.TicksPerMinute != 0)
            {
                errors.Add(at + "minute", "must be the start of a minute");
            }

            if (string.IsNullOrEmpty(s.Route) || s.Route.Length > MaxText)
            {
                errors.Add(at + "route", "required, at most 256 characters");
            }

            foreach (var (name, value) in new[] { ("model", s.Model), ("key", s.Key), ("team", s.Team) })
            {
                if (value is { Length: > MaxText })
                {
                    errors.Add(at + name, "at most 256 characters");
                }
            }

            if (s.Requests < 0 || s.Status2xx < 0 || s.Status4xx < 0 || s.Status5xx < 0 || s.Blocked < 0 || s.RateLimited < 0
                || s.TokensIn < 0 || s.TokensOut < 0 || s.WithTraceparent < 0 || s.LatencyP50Ms < 0 || s.LatencyP95Ms < 0 || s.LatencyP99Ms < 0 || s.LatencyMaxMs < 0)
            {
                errors.Add(at + "requests", "counts, tokens and latencies are never negative");
            }
        }
    }

    private static async Task<IResult> QueryAsync(HttpRequest request, ITrafficStore store, TimeProvider time, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var q = new QueryParams(request.Query, errors);
        q.AllowOnly("from", "to", "route", "model", "key", "team", "limit");
        var to = q.Time("to") ?? time.GetUtcNow();
        var from = q.Time("from") ?? to.AddHours(-1);
        var query = new TrafficQuery
        {
            From = from,
            To = to,
            Route = q.Text("route"),
            Model = q.Text("model"),
            Key = q.Text("key"),
            Team = q.Text("team"),
            Limit = q.Int("limit", 1000, 1, 10_000),
        };
        if (to <= from)
        {
            errors.Add("to", "must be after from");
        }
        else if (to - from > TrafficQuery.MaxWindow)
        {
            errors.Add("from", "the window is at most 31 days");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var rows = await store.QueryAsync(query, ct);
        var items = new TrafficItem[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            items[i] = new TrafficItem(rows[i].GatewayId, rows[i].Summary);
        }

        return TypedResults.Ok(new TrafficPageResponse(items));
    }
}

/// <summary>How many summaries a batch stored (each replacing an earlier copy of itself, if any).</summary>
internal sealed record TrafficIngestResponse(int Stored);

internal sealed record TrafficItem(string GatewayId, TrafficSummary Summary);

internal sealed record TrafficPageResponse(TrafficItem[] Items);
