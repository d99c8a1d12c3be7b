using System.Text.Json;
using AiSpm.Admin.Auth;
using AiSpm.Admin.Integrations;
using AiSpm.Admin.Storage;
using AiSpm.Contracts;

namespace AiSpm.Admin.Api;

/// <summary>GuardDuty in: an EventBridge rule's target or a poller posts findings; AI-related ones become findings.</summary>
internal static class GuardDutyEndpoints
{
    private const long BodyLimit = 4 * 1024 * 1024;

    public static void MapGuardDuty(this RouteGroupBuilder api)
    {
        api.MapPost("/integrations/guardduty/ingest", IngestAsync)
            .RequireAuthorization(Roles.CanIngest)
            .Produces<GuardDutyIngestResponse>()
            .ProducesValidationProblem()
            .WithSummary("Ingest a GuardDuty Finding EventBridge event or a GetFindings answer; authenticates like events:batch.");
    }

    private static async Task<IResult> IngestAsync(HttpRequest request, IAdminStore store, CancellationToken ct)
    {
        var (bytes, error) = await JsonBody.ReadJsonBytesAsync(request, BodyLimit, ct);
        if (error is not null)
        {
            return error;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            return RequestErrors.Single("body", "is not valid JSON: " + JsonBody.Describe(ex));
        }

        using (doc)
        {
            var errors = new RequestErrors();
            var findings = GuardDutyFindings.Read(doc.RootElement, errors);
            if (errors.Any)
            {
                return errors.ToProblem("The GuardDuty input is invalid; nothing was stored.");
            }

            var events = new List<DetectionEvent>(findings.Count);
            foreach (var (finding, _) in findings)
            {
                if (GuardDutyFindings.IsAiRelated(finding))
                {
                    events.Add(GuardDutyFindings.ToEvent(finding));
                }
            }

            var result = events.Count > 0 ? await store.IngestAsync(events, ct) : new IngestResult(0, 0, 0);
            return TypedResults.Ok(new GuardDutyIngestResponse(findings.Count, result.Stored, result.Duplicates, findings.Count - events.Count));
        }
    }
}
