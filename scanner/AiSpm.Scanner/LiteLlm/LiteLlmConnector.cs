using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Scanner.Connectors;
using AiSpm.Scanner.Mapping;

namespace AiSpm.Scanner.LiteLlm;

/// <summary>
/// Reads a LiteLLM proxy's management API with its master key: <c>/model/info</c>, <c>/key/list</c> (full objects,
/// every page merged into one answer), <c>/team/list</c> and <c>/guardrails/list</c>. Each call that fails is named in
/// the health; the others' answers are kept.
/// </summary>
public sealed class LiteLlmConnector(LiteLlmSettings settings, HttpClient http, Func<string, string?>? environment = null) : IDiscoveryConnector
{
    private static readonly (string Operation, string Path)[] Paths =
        [("model-info", "/model/info"), ("team-list", "/team/list"), ("guardrails-list", "/guardrails/list")];

    private readonly Func<string, string?> _env = environment ?? Environment.GetEnvironmentVariable;

    public string Name => settings.Name;

    public int Phase => 0;

    public async Task<ConnectorRun> CollectAsync(IReadOnlyList<ProviderAnswer> earlierAnswers, CancellationToken cancellationToken)
    {
        var key = settings.MasterKey(_env);
        if (key is null)
        {
            return new ConnectorRun([], [new FailedCall("litellm", "no_credentials", "no master key in $" + settings.MasterKeyEnv + " or the key file")], 0);
        }

        var answers = new List<ProviderAnswer>();
        var failures = new List<FailedCall>();
        var succeeded = 0;
        var scope = settings.BaseUrl.Authority;
        foreach (var (operation, path) in Paths)
        {
            try
            {
                answers.Add(new ProviderAnswer("litellm", operation, await GetAsync(path, key, cancellationToken).ConfigureAwait(false), Origin: "litellm " + path, Scope: scope));
                succeeded++;
            }
            catch (LiteLlmException e)
            {
                failures.Add(new FailedCall("litellm:" + path, e.Code, e.Message));
            }
        }

        try
        {
            answers.Add(new ProviderAnswer("litellm", "key-list", await KeysAsync(key, cancellationToken).ConfigureAwait(false), Origin: "litellm /key/list", Scope: scope));
            succeeded++;
        }
        catch (LiteLlmException e)
        {
            failures.Add(new FailedCall("litellm:/key/list", e.Code, e.Message));
        }

        return new ConnectorRun(answers, failures, succeeded);
    }

    /// <summary>Every page of <c>/key/list</c>, merged as one answer; a page number that does not advance stops with <c>pagination_loop</c>.</summary>
    private async Task<JsonNode> KeysAsync(string key, CancellationToken ct)
    {
        var all = new JsonArray();
        var seenPages = new HashSet<int>();
        for (var page = 1; page <= settings.MaxPages; page++)
        {
            var path = "/key/list?return_full_object=true&page=" + page.ToString(CultureInfo.InvariantCulture) + "&size=" + settings.PageSize.ToString(CultureInfo.InvariantCulture);
            var answer = await GetAsync(path, key, ct).ConfigureAwait(false);
            foreach (var k in Json.Arr(answer, "keys"))
            {
                all.Add(k?.DeepClone());
            }

            var current = Number(answer["current_page"]) ?? page;
            var total = Number(answer["total_pages"]) ?? 1;
            if (!seenPages.Add(current))
            {
                throw new LiteLlmException("pagination_loop", "/key/list answered page " + current + " twice");
            }

            if (current >= total || Json.Arr(answer, "keys").Count == 0)
            {
                return new JsonObject { ["keys"] = all, ["total_count"] = all.Count, ["current_page"] = 1, ["total_pages"] = 1 };
            }
        }

        throw new LiteLlmException("pagination_loop", "more than " + settings.MaxPages + " pages of keys");
    }

    private static int? Number(JsonNode? n) => n is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    private async Task<JsonNode> GetAsync(string path, string key, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var copy = new HttpRequestMessage(HttpMethod.Get, new Uri(settings.BaseUrl, path));
            copy.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(copy, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new LiteLlmException("unreachable", e.Message);
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 4)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt * Random.Shared.Next(1, 4)), ct).ConfigureAwait(false);
                    continue;
                }

                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    throw new LiteLlmException("access_denied", "HTTP " + (int)response.StatusCode + " on " + path.Split('?')[0]);
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new LiteLlmException(response.StatusCode == HttpStatusCode.TooManyRequests ? "throttled" : "http_error", "HTTP " + (int)response.StatusCode + " on " + path.Split('?')[0]);
                }

                try
                {
                    return JsonNode.Parse(text) ?? throw new LiteLlmException("malformed_answer", "an empty answer on " + path.Split('?')[0]);
                }
                catch (JsonException e)
                {
                    throw new LiteLlmException("malformed_answer", "not valid JSON on " + path.Split('?')[0] + ": " + e.Message);
                }
            }
        }
    }

    private sealed class LiteLlmException(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }
}
