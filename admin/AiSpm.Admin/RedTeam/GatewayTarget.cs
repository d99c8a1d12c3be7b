using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AiSpm.Admin.Storage.RedTeam;
using AiSpm.Detection.Evaluation;

namespace AiSpm.Admin.RedTeam;

/// <summary>
/// Rows end to end through a gateway: each row is a chat completion (the row's text as the user message; an
/// answer-phase row as the upstream's answer, see <see cref="GatewayTargetOptions.ResponseRows"/>). The verdict is
/// read from the answer: a 403 of type <c>aispm_blocked</c> is a finding of the category its rule (the error's
/// <c>code</c>) belongs to, and of every category its <c>x-aispm-categories</c> header lists; a 2xx answer is no finding; anything else is an error.
/// </summary>
internal sealed class GatewayTarget(HttpClient http, GatewayTargetOptions options, IReadOnlyDictionary<string, string> ruleCategories) : IRedTeamTarget
{
    private const string NeutralPrompt = "Please reply.";
    private const string CategoriesHeader = "x-aispm-categories";

    public int Concurrency => options.Concurrency;

    public async Task<RowResult> RunAsync(CorpusRow row, CancellationToken cancellationToken)
    {
        var asAnswer = row.Phase == Detection.ScanPhase.Response;
        if (asAnswer && options.ResponseRows != "mock")
        {
            return new RowResult(row.Id, row.Category, row.IsAttack, Outcomes.Skipped, null, 0);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.BaseUrl, "v1/chat/completions"))
        {
            Content = new ByteArrayContent(Body(options.Model, asAnswer ? NeutralPrompt : row.Text)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (options.Token is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (asAnswer)
        {
            request.Headers.TryAddWithoutValidation("x-mock-content-base64", Convert.ToBase64String(Encoding.UTF8.GetBytes(row.Text)));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var answer = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await answer.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (answer.IsSuccessStatusCode)
            {
                return new RowResult(row.Id, row.Category, row.IsAttack, Outcomes.Of(row.IsAttack, false), null, ms);
            }

            if (answer.StatusCode == HttpStatusCode.Forbidden && BlockedRule(body) is { } rule)
            {
                var category = ruleCategories.TryGetValue(rule.Id, out var c) ? c : rule.Category;
                var counted = !row.IsAttack || category == row.Category || FoundCategory(answer, row.Category);
                return new RowResult(row.Id, row.Category, row.IsAttack, Outcomes.Of(row.IsAttack, counted), rule.Id, ms);
            }

            return Error(row, ms, "HTTP " + ((int)answer.StatusCode).ToString(CultureInfo.InvariantCulture) + " " + ErrorCode(body));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Error(row, Stopwatch.GetElapsedTime(start).TotalMilliseconds, "timeout");
        }
        catch (HttpRequestException ex)
        {
            return Error(row, Stopwatch.GetElapsedTime(start).TotalMilliseconds, "unreachable: " + ex.HttpRequestError.ToString());
        }
    }

    /// <summary>Whether the block's <c>x-aispm-categories</c> (every category found, where the error names only the
    /// most severe rule) lists <paramref name="category"/>.</summary>
    private static bool FoundCategory(HttpResponseMessage answer, string category)
    {
        if (!answer.Headers.TryGetValues(CategoriesHeader, out var values))
        {
            return false;
        }

        foreach (var value in values)
        {
            foreach (var part in value.Split(','))
            {
                if (part.Trim() == category)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static RowResult Error(CorpusRow row, double ms, string error) =>
        new(row.Id, row.Category, row.IsAttack, Outcomes.Error, null, ms, error);

    private static byte[] Body(string model, string text)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", text);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return ms.ToArray();
    }

    /// <summary>The blocking rule of an <c>aispm_blocked</c> error, and the category its message names
    /// ("... classified as CATEGORY (rule ID)."), for a rule this admin does not know.</summary>
    internal static (string Id, string Category)? BlockedRule(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (!doc.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object
                || !error.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "aispm_blocked"
                || !error.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "";
            const string marker = "classified as ";
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            var category = "";
            if (at >= 0)
            {
                var rest = message.AsSpan(at + marker.Length);
                var end = rest.IndexOf(' ');
                category = (end < 0 ? rest : rest[..end]).ToString();
            }

            return (code.GetString()!, category);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ErrorCode(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object
                && e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
