using System.Text;
using System.Text.Json;
using AiSpm.Admin.Auth;
using AiSpm.Admin.Hosting;
using AiSpm.Admin.Json;
using AiSpm.Admin.Live;
using AiSpm.Admin.Storage;
using AiSpm.Contracts;

namespace AiSpm.Admin.Api;

/// <summary>Ingest from gateways, event search and the live feed.</summary>
internal static class EventsEndpoints
{
    public static void MapEvents(this RouteGroupBuilder api)
    {
        api.MapPost("/events:batch", IngestAsync)
            .RequireAuthorization(Roles.CanIngest)
            .Accepts<EventBatch>("application/json")
            .Produces<IngestResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Ingest a batch of detection events (gzip accepted); idempotent by eventId.")
            .WithDescription("Requires Content-Type: application/json (Content-Encoding: gzip allowed), else 415. Envelope errors "
                + "(malformed JSON, no events array, more events than maxBatchEvents) give 400 and a body over maxBodyBytes 413, with "
                + "nothing stored. Otherwise each event is validated on its own: the answer is 200 with received = stored + "
                + "duplicates + rejected.length, every valid event is stored, and each invalid one is listed in rejected with its "
                + "index in the batch, its eventId when well-formed, the field at fault and why. Rejected events should not be "
                + "retried unchanged.");
        api.MapGet("/events", QueryAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<EventPageResponse>()
            .ProducesValidationProblem()
            .WithSummary("Search events, newest first, with cursor paging.");
        api.MapGet("/stream/events", StreamAsync)
            .RequireAuthorization(Roles.CanRead)
            .WithSummary("Live feed of newly stored events (Server-Sent Events).");
    }

    private static async Task<IResult> IngestAsync(HttpRequest request, IAdminStore store, EventBroadcaster live, AdminSettings settings, CancellationToken ct)
    {
        var (batch, error) = await JsonBody.ReadAsync(request, AdminJsonContext.Default.EventBatchEnvelope, settings.MaxBodyBytes, ct);
        if (error is not null)
        {
            return error;
        }

        var errors = new RequestErrors();
        EventValidator.ValidateEnvelope(batch!, settings.MaxBatchEvents, errors);
        if (errors.Any)
        {
            return errors.ToProblem("The batch is invalid; nothing was stored.");
        }

        var valid = new List<DetectionEvent>(batch!.Events.Length);
        var rejected = new List<RejectedEvent>();
        EventValidator.Sort(batch.Events, valid, rejected);
        var result = valid.Count > 0 ? await store.IngestAsync(valid, ct) : new IngestResult(0, 0, 0);
        if (result.StoredEvents.Count > 0)
        {
            live.Publish(result.StoredEvents);
        }

        return TypedResults.Ok(result with { Received = batch.Events.Length, Rejected = rejected });
    }

    private static async Task<IResult> QueryAsync(HttpRequest request, IAdminStore store, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var q = new QueryParams(request.Query, errors);
        q.AllowOnly("from", "to", "category", "severity", "action", "model", "key", "team", "rule", "limit", "cursor");
        var query = new EventQuery
        {
            From = q.Time("from"),
            To = q.Time("to"),
            Category = q.Text("category"),
            Severity = q.OneOf("severity", s => EventSeverity.Rank(s) >= 0, "info, low, medium, high, critical"),
            Action = q.OneOf("action", EventAction.IsAction, "flagged, blocked, redacted, allowed"),
            Model = q.Text("model"),
            Key = q.Text("key"),
            Team = q.Text("team"),
            Rule = q.Text("rule"),
            Limit = q.Int("limit", 100, 1, EventQuery.MaxLimit),
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

        var page = await store.QueryEventsAsync(query, ct);
        return TypedResults.Ok(new EventPageResponse(page.Items, page.NextCursor));
    }

    private static async Task StreamAsync(HttpContext context, EventBroadcaster live, CancellationToken ct)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = live.Subscribe();
        await response.WriteAsync(": connected\n\n", ct);
        await response.Body.FlushAsync(ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    idle.CancelAfter(TimeSpan.FromSeconds(15));
                    try
                    {
                        if (!await subscription.Reader.WaitToReadAsync(idle.Token))
                        {
                            break;
                        }
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        // Idle: a comment line keeps proxies from closing the connection.
                        await response.WriteAsync(": keep-alive\n\n", ct);
                        await response.Body.FlushAsync(ct);
                        continue;
                    }
                }

                while (subscription.Reader.TryRead(out var e))
                {
                    var json = JsonSerializer.Serialize(e, AdminJsonContext.Default.DetectionEvent);
                    await response.WriteAsync("id: " + e.EventId + "\nevent: detection\ndata: " + json + "\n\n", Encoding.UTF8, ct);
                }

                await response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away; nothing to clean up beyond the subscription.
        }
    }
}
