using AiSpm.Admin.Auth;
using AiSpm.Admin.Sinks;
using AiSpm.Admin.Storage.Outbox;

namespace AiSpm.Admin.Api;

/// <summary>Sinks: their state and queues, their dead letters, and retrying those.</summary>
internal static class SinksEndpoints
{
    private const int MaxDeadLetters = 1000;

    public static void MapSinks(this RouteGroupBuilder api)
    {
        api.MapGet("/sinks", ListAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<SinksResponse>()
            .WithSummary("Every configured sink: state, last delivery, last error, backlog and dead letters.");
        api.MapGet("/sinks/{name}/dead-letters", DeadLettersAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<DeadLettersResponse>()
            .ProducesProblem(404)
            .WithSummary("Deliveries the sink never accepted, oldest first.");
        api.MapPost("/sinks/{name}/dead-letters/retry", RetryAsync)
            .RequireAuthorization(Roles.CanAdminister)
            .Produces<DeadLetterRetryResponse>()
            .ProducesProblem(404)
            .WithSummary("Queue every dead letter of the sink again, with a fresh attempt count.");
    }

    private static async Task<IResult> ListAsync(SinksSettings settings, IOutboxStore outbox, CancellationToken ct)
    {
        var list = new List<SinkStatusResponse>(settings.Sinks.Count);
        foreach (var sink in settings.Sinks)
        {
            var stats = await outbox.GetStatsAsync(sink.Name, ct);
            var state = !sink.Enabled ? "disabled"
                : stats.LastErrorAt is { } err && (stats.LastDeliveryAt is not { } ok || err > ok) ? "failing"
                : "ok";
            list.Add(new SinkStatusResponse(sink.Name, sink.Type, sink.Enabled, state, stats.Backlog, stats.DeadLetters,
                stats.LastDeliveryAt, stats.LastError, stats.LastErrorAt));
        }

        return TypedResults.Ok(new SinksResponse(list));
    }

    private static async Task<IResult> DeadLettersAsync(string name, SinksSettings settings, IOutboxStore outbox, CancellationToken ct)
    {
        if (settings.Find(name) is null)
        {
            return NoSuchSink(name);
        }

        var dead = await outbox.ListDeadLettersAsync(name, MaxDeadLetters, ct);
        var items = new List<DeadLetterResponse>(dead.Count);
        foreach (var d in dead)
        {
            items.Add(new DeadLetterResponse(d.Id, d.FindingId, d.Revision, d.Change, d.Finding.Title, d.Finding.Severity, d.Attempts, d.LastError, d.CreatedAt));
        }

        return TypedResults.Ok(new DeadLettersResponse(name, items));
    }

    private static async Task<IResult> RetryAsync(string name, SinksSettings settings, IOutboxStore outbox, TimeProvider time, CancellationToken ct)
    {
        if (settings.Find(name) is null)
        {
            return NoSuchSink(name);
        }

        var retried = await outbox.RetryDeadLettersAsync(name, time.GetUtcNow(), ct);
        return TypedResults.Ok(new DeadLetterRetryResponse(name, retried));
    }

    private static IResult NoSuchSink(string name) =>
        TypedResults.Problem(statusCode: 404, title: "No such sink.", detail: "sink '" + name + "' is not configured");
}
