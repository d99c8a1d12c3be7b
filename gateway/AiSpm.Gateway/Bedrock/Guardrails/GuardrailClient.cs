using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AiSpm.Gateway.Bedrock.Guardrails;

/// <summary>
/// Calls Bedrock's ApplyGuardrail (<c>POST /guardrail/{id}/version/{version}/apply</c>, shapes as in botocore's
/// bedrock-runtime model) under the stage's latency budget, and reads the action, the masked outputs and the assessed
/// policy entries.
/// </summary>
internal sealed class GuardrailClient(BedrockUpstream upstream) : IGuardrailCaller
{
    public async Task<GuardrailOutcome> ApplyAsync(BedrockGuardrailOptions guardrail, string source, List<TextSpan> texts, CancellationToken cancellationToken)
    {
        var body = RequestBody(source, texts);
        var path = "/guardrail/" + Uri.EscapeDataString(guardrail.GuardrailIdentifier) + "/version/" + Uri.EscapeDataString(guardrail.GuardrailVersion) + "/apply";
        using var request = new HttpRequestMessage(HttpMethod.Post, upstream.Uri(path))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!await upstream.TrySignAsync(request, body).ConfigureAwait(false))
        {
            return GuardrailOutcome.Failure("no_credentials");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(guardrail.TimeoutMs);
        try
        {
            using var response = await upstream.Invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var answer = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? Parse(answer) : GuardrailOutcome.Failure("status_" + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return GuardrailOutcome.Failure("timeout");
        }
        catch (HttpRequestException)
        {
            return GuardrailOutcome.Failure("unavailable");
        }
    }

    internal static byte[] RequestBody(string source, List<TextSpan> texts)
    {
        var output = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("source"u8, source);
            json.WriteStartArray("content"u8);
            foreach (var t in texts)
            {
                json.WriteStartObject();
                json.WriteStartObject("text"u8);
                json.WriteString("text"u8, t.Text);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Reads an ApplyGuardrailResponse; an answer that is not one is a failure, not a pass.</summary>
    internal static GuardrailOutcome Parse(ReadOnlySpan<byte> answer)
    {
        try
        {
            using var doc = JsonDocument.Parse(answer.ToArray());
            var root = doc.RootElement;
            if (!root.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.String)
            {
                return GuardrailOutcome.Failure("bad_response");
            }

            var outputs = new List<string>();
            if (root.TryGetProperty("outputs", out var outs) && outs.ValueKind == JsonValueKind.Array)
            {
                foreach (var o in outs.EnumerateArray())
                {
                    outputs.Add(o.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : string.Empty);
                }
            }

            var hits = new List<GuardrailPolicyHit>();
            if (root.TryGetProperty("assessments", out var assessments) && assessments.ValueKind == JsonValueKind.Array)
            {
                foreach (var a in assessments.EnumerateArray())
                {
                    Collect(a, "topicPolicy", "topics", "name", hits);
                    Collect(a, "contentPolicy", "filters", "type", hits);
                    Collect(a, "wordPolicy", "customWords", "match", hits);
                    Collect(a, "wordPolicy", "managedWordLists", "type", hits);
                    Collect(a, "sensitiveInformationPolicy", "piiEntities", "type", hits);
                    Collect(a, "sensitiveInformationPolicy", "regexes", "name", hits);
                    Collect(a, "contextualGroundingPolicy", "filters", "type", hits);
                }
            }

            return new GuardrailOutcome(false, string.Empty, action.ValueEquals("GUARDRAIL_INTERVENED"u8), hits, outputs);
        }
        catch (JsonException)
        {
            return GuardrailOutcome.Failure("bad_response");
        }
    }

    private static void Collect(JsonElement assessment, string policy, string list, string nameField, List<GuardrailPolicyHit> hits)
    {
        if (!assessment.TryGetProperty(policy, out var p) || !p.TryGetProperty(list, out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var e in entries.EnumerateArray())
        {
            var name = e.TryGetProperty(nameField, out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "unknown";
            var act = e.TryGetProperty("action", out var ac) && ac.ValueKind == JsonValueKind.String ? ac.GetString()! : "NONE";
            if (!string.Equals(act, "NONE", StringComparison.Ordinal))
            {
                hits.Add(new GuardrailPolicyHit(policy, name, act));
            }
        }
    }
}
