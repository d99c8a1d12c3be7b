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
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Live feed of newly stored events (Server-Sent Events).")
            .WithDescription("At most maxLiveStreamsPerUser concurrent feeds per user (429 past it). The feed ends with an "
                + "'expired' event when the token that opened it expires; reconnect with a fresh token.");
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

    private static async Task<IResult> QueryAsync(HttpRequest request, IAdminStore store, AdminSettings settings, TimeProvider time, CancellationToken ct)
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

        TimeRange.Check(query.From, query.To, time.GetUtcNow(), settings.Storage.EventRetention, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var page = await store.QueryEventsAsync(query, ct);
        return TypedResults.Ok(new EventPageResponse(page.Items, page.NextCursor));
    }

    private static async Task<IResult> StreamAsync(HttpContext context, EventBroadcaster live, LiveFeedLimiter limiter, AdminSettings settings, TimeProvider time, CancellationToken ct)
    {
        using var lease = limiter.TryAcquire(AuthSetup.WhoOf(context.User), settings.MaxLiveStreamsPerUser);
        if (lease is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many live feeds.",
                detail: "this user already holds " + settings.MaxLiveStreamsPerUser + " live-feed connections (maxLiveStreamsPerUser); close one first");
        }

        // The feed ends when the token that opened it expires: a stream must not outlive its credential.
        using var session = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (TokenExpiry.Of(context.User, settings.Auth.ClockSkew) is { } expires)
        {
            var left = expires - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return TypedResults.Unauthorized();
            }

            session.CancelAfter(left);
        }

        await StreamEventsAsync(context.Response, live, session.Token, ct);
        return TypedResults.Empty;
    }

    private static async Task StreamEventsAsync(HttpResponse response, EventBroadcaster live, CancellationToken session, CancellationToken aborted)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = live.Subscribe();
        try
        {
            await response.WriteAsync(": connected\n\n", session);
            await response.Body.FlushAsync(session);
            while (!session.IsCancellationRequested)
            {
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(session))
                {
                    idle.CancelAfter(TimeSpan.FromSeconds(15));
                    try
                    {
                        if (!await subscription.Reader.WaitToReadAsync(idle.Token))
                        {
                            break;
                        }
                    }
                    catch (OperationCanceledException) when (!session.IsCancellationRequested)
                    {
                        // Idle: a comment line keeps proxies from closing the connection.
                        await response.WriteAsync(": keep-alive\n\n", session);
                        await response.Body.FlushAsync(session);
                        continue;
                    }
                }

                while (subscription.Reader.TryRead(out var e))
                {
                    var json = JsonSerializer.Serialize(e, AdminJsonContext.Default.DetectionEvent);
                    await response.WriteAsync("id: " + e.EventId + "\nevent: detection\ndata: " + json + "\n\n", Encoding.UTF8, session);
                }

                await response.Body.FlushAsync(session);
            }
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            // The token expired: say so, so a client knows to reconnect with a fresh one rather than retry blindly.
            await response.WriteAsync("event: expired\ndata: {}\n\n", aborted);
            await response.Body.FlushAsync(aborted);
        }
        catch (OperationCanceledException)
        {
            // The client went away; nothing to clean up beyond the subscription.
        }
    }
}
