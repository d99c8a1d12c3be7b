using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AiSpm.Admin.Guardian;

/// <summary>
/// Blocks a virtual key in LiteLLM (<c>POST /key/block</c>, undone by <c>POST /key/unblock</c>). Events name a key by
/// its alias, LiteLLM's block API by its token, so the token is looked up with <c>GET /key/list</c> first.
/// </summary>
internal sealed class LiteLlmKeyActuator(IHttpClientFactory clients, GuardianSettings settings) : IGuardianActuator
{
    public const string HttpClientName = "guardian-litellm";

    public string Kind => GuardianActionKind.LiteLlmBlockKey;

    public async Task<ActuatorResult> ExecuteAsync(GuardianAction action, string who, CancellationToken cancellationToken)
    {
        if (!action.Target.StartsWith("key:", StringComparison.Ordinal))
        {
            return ActuatorResult.Fail("LiteLLM blocks keys only; target is " + action.Target);
        }

        var alias = action.Target["key:".Length..];
        var (token, error) = await FindTokenAsync(alias, cancellationToken);
        if (token is null)
        {
            return ActuatorResult.Fail(error!);
        }

        return await PostAsync("/key/block", token, cancellationToken) is { } failed
            ? ActuatorResult.Fail(failed)
            : ActuatorResult.Done(State(alias, token, blocked: false), State(alias, token, blocked: true));
    }

    public async Task<ActuatorResult> RollbackAsync(GuardianAction action, string who, CancellationToken cancellationToken)
    {
        if (action.After is null)
        {
            return ActuatorResult.Fail("the action recorded no key to unblock");
        }

        using var doc = JsonDocument.Parse(action.After);
        var alias = doc.RootElement.GetProperty("keyAlias").GetString()!;
        var token = doc.RootElement.GetProperty("token").GetString()!;
        return await PostAsync("/key/unblock", token, cancellationToken) is { } failed
            ? ActuatorResult.Fail(failed)
            : ActuatorResult.Done(State(alias, token, blocked: true), State(alias, token, blocked: false));
    }

    private async Task<(string? Token, string? Error)> FindTokenAsync(string alias, CancellationToken cancellationToken)
    {
        using var http = Client();
        for (var page = 1; page <= 100; page++)
        {
            using var response = await http.GetAsync(
                "/key/list?return_full_object=true&size=100&page=" + page + "&key_alias=" + Uri.EscapeDataString(alias), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, "LiteLLM /key/list answered " + (int)response.StatusCode);
            }

            using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            // Older LiteLLM versions ignore key_alias, so the match is checked here rather than trusted.
            foreach (var key in doc.RootElement.GetProperty("keys").EnumerateArray())
            {
                if (key.ValueKind == JsonValueKind.Object && key.TryGetProperty("key_alias", out var a) && a.ValueKind == JsonValueKind.String
                    && a.GetString() == alias && key.TryGetProperty("token", out var t) && t.GetString() is { Length: > 0 } token)
                {
                    return (token, null);
                }
            }

            if (!doc.RootElement.TryGetProperty("total_pages", out var pages) || !pages.TryGetInt32(out var total) || page >= total)
            {
                break;
            }
        }

        return (null, "LiteLLM has no key with alias '" + alias + "'");
    }

    private async Task<string?> PostAsync(string path, string token, CancellationToken cancellationToken)
    {
        using var http = Client();
        using var body = new StringContent(JsonSerializer.Serialize(new KeyRequest(token), GuardianJsonContext.Default.KeyRequest), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, body, cancellationToken);
        return response.IsSuccessStatusCode ? null : "LiteLLM " + path + " answered " + (int)response.StatusCode;
    }

    private HttpClient Client()
    {
        var http = clients.CreateClient(HttpClientName);
        http.BaseAddress = settings.LiteLlmUrl;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.LiteLlmMasterKey);
        return http;
    }

    private static string State(string alias, string token, bool blocked) =>
        JsonSerializer.Serialize(new KeyState(alias, token, blocked), GuardianJsonContext.Default.KeyState);

    internal sealed record KeyRequest(string Key);

    internal sealed record KeyState(string KeyAlias, string Token, bool Blocked);
}
