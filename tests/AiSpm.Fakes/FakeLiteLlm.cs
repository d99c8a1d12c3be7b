using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AiSpm.Fakes;

/// <summary>
/// A fake LiteLLM proxy for tests (Kestrel on 127.0.0.1:0) answering the management endpoints in LiteLLM's shapes:
/// <c>/model/info</c> (<c>data</c>), <c>/key/list</c> (<c>keys</c>, <c>total_count</c>, <c>current_page</c>,
/// <c>total_pages</c>, paged by <c>page</c> and <c>size</c>), <c>/team/list</c> (a list) and <c>/guardrails/list</c>,
/// and <c>POST /key/block</c> and <c>/key/unblock</c> (body <c>{"key": token}</c>; 404 for an unknown token), whose
/// effect is kept in <see cref="Blocked"/>.
/// </summary>
public sealed class FakeLiteLlm : IAsyncDisposable
{
    public const string MasterKey = "sk-fake-master-key";

    private readonly WebApplication _app;

    public ConcurrentDictionary<string, Func<HttpRequest, (int Status, string Body)>> Routes { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Tokens blocked through <c>/key/block</c> (true) or unblocked again (false).</summary>
    public ConcurrentDictionary<string, bool> Blocked { get; } = new(StringComparer.Ordinal);

    public string Url { get; private set; } = "";

    private FakeLiteLlm(WebApplication app) => _app = app;

    public static async Task<FakeLiteLlm> StartAsync(int keys)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeLiteLlm(app);
        fake.Routes["/model/info"] = _ => (200, """{"data":[{"model_name":"gpt-4o","litellm_params":{"model":"openai/gpt-4o","api_key":"sk-upstream-secret"},"model_info":{"id":"m1"}},{"model_name":"claude","litellm_params":{"model":"anthropic/claude-3-5-sonnet"},"model_info":{"id":"m2"}}]}""");
        fake.Routes["/team/list"] = _ => (200, """[{"team_id":"t1","team_alias":"sales","models":["gpt-4o"],"max_budget":100.0,"spend":1.5,"members_with_roles":[]}]""");
        fake.Routes["/guardrails/list"] = _ => (200, """{"guardrails":[{"guardrail_name":"pii","litellm_params":{"guardrail":"presidio","mode":"pre_call"},"guardrail_info":{}}]}""");
        fake.Routes["/key/list"] = request =>
        {
            var page = int.Parse(request.Query["page"].ToString());
            var size = int.Parse(request.Query["size"].ToString());
            var total = (keys + size - 1) / size;
            var items = Enumerable.Range((page - 1) * size, Math.Max(0, Math.Min(size, keys - ((page - 1) * size))))
                .Select(i => "{\"token\":\"hash" + i + "\",\"key_name\":\"sk-...00" + i + "\",\"key_alias\":\"key-" + i + "\",\"models\":" + (i == 0 ? "[]" : "[\"gpt-4o\"]") +
                    ",\"team_id\":\"t1\",\"max_budget\":null,\"spend\":0.0,\"expires\":null,\"metadata\":{}}");
            return (200, "{\"keys\":[" + string.Join(",", items) + "],\"total_count\":" + keys + ",\"current_page\":" + page + ",\"total_pages\":" + total + "}");
        };
        app.Run(async context =>
        {
            fake.Calls.Enqueue(context.Request.Path + context.Request.QueryString);
            if (context.Request.Headers.Authorization.ToString() != "Bearer " + MasterKey)
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsync("""{"error":{"message":"Authentication Error","type":"auth_error","code":"401"}}""");
                return;
            }

            if (context.Request.Method == "POST" && context.Request.Path.Value is "/key/block" or "/key/unblock")
            {
                await BlockAsync(fake, keys, context);
                return;
            }

            if (!fake.Routes.TryGetValue(context.Request.Path, out var route))
            {
                context.Response.StatusCode = 404;
                return;
            }

            var (status, body) = route(context.Request);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        fake.Url = app.Urls.First();
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static async Task BlockAsync(FakeLiteLlm fake, int keys, HttpContext context)
    {
        using var doc = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body);
        var token = doc.RootElement.TryGetProperty("key", out var k) ? k.GetString() : null;
        context.Response.ContentType = "application/json";
        if (token is null || !token.StartsWith("hash", StringComparison.Ordinal) || !int.TryParse(token.AsSpan(4), out var i) || i < 0 || i >= keys)
        {
            context.Response.StatusCode = token is null ? 422 : 404;
            await context.Response.WriteAsync("{\"error\":{\"message\":\"Key not found\",\"type\":\"not_found\",\"code\":\"404\"}}");
            return;
        }

        var blocked = context.Request.Path == "/key/block";
        fake.Blocked[token] = blocked;
        await context.Response.WriteAsync("{\"token\":\"" + token + "\",\"key_alias\":\"key-" + i + "\",\"blocked\":" + (blocked ? "true" : "false") + "}");
    }
}
