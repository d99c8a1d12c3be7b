using System.Net;

namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>After a failure the gateway must keep serving: a plain request succeeds with the mock's answer.</summary>
internal static class FollowUp
{
    public static async Task AssertServesAsync(string gatewayUrl)
    {
        using var client = Http.Client();
        using var request = Http.Post(gatewayUrl + "/v1/chat/completions", """{"model":"gpt-4o","messages":[{"role":"user","content":"again"}]}""", ("x-mock-tokens", "2"));
        var (response, body) = await Http.SendAsync(client, request);
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"follow-up request failed: {(int)response.StatusCode} {body}");
            Assert.Contains("\"content\":\"tok0 tok1 \"", body, StringComparison.Ordinal);
        }
    }
}
