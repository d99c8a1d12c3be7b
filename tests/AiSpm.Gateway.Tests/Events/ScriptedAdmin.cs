using System.Collections.Concurrent;
using System.Net;
using System.Text;
using AiSpm.Contracts;
using AiSpm.Gateway.Events;

namespace AiSpm.Gateway.Tests.Events;

/// <summary>
/// The admin's ingest endpoint as an in-process handler: decodes each batch the hand-off posts and answers what
/// <see cref="Answer"/> says for it, recording every batch and every event it stored.
/// </summary>
internal sealed class ScriptedAdmin : HttpMessageHandler
{
    public required Func<DetectionEvent[], (HttpStatusCode Status, string? Body)> Answer { get; init; }

    public ConcurrentQueue<int> BatchSizes { get; } = new();

    public ConcurrentDictionary<string, int> Stored { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var gzipped = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        var events = BatchSender.Decode(gzipped);
        BatchSizes.Enqueue(events.Length);
        var (status, body) = Answer(events);
        if ((int)status is >= 200 and < 300)
        {
            var rejected = new HashSet<string>();
            foreach (var id in RejectedIds(events, body))
            {
                rejected.Add(id);
            }

            foreach (var e in events)
            {
                if (!rejected.Contains(e.EventId))
                {
                    Stored.AddOrUpdate(e.EventId, 1, static (_, n) => n + 1);
                }
            }
        }

        var response = new HttpResponseMessage(status);
        if (body is not null)
        {
            response.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return response;
    }

    private static IEnumerable<string> RejectedIds(DetectionEvent[] events, string? body)
    {
        if (body is null)
        {
            yield break;
        }

        using var doc = System.Text.Json.JsonDocument.Parse(body);
        if (doc.RootElement.TryGetProperty("rejected", out var list))
        {
            foreach (var r in list.EnumerateArray())
            {
                yield return events[r.GetProperty("index").GetInt32()].EventId;
            }
        }
    }
}
