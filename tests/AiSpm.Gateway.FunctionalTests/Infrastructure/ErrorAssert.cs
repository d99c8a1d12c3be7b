using System.Net;
using System.Text.Json;

namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>Checks the documented error answer: status, OpenAI error shape, code, and no internals leaking.</summary>
internal static class ErrorAssert
{
    public static JsonElement OpenAiError(HttpResponseMessage response, string body, HttpStatusCode status, string code, string? type = null)
    {
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}; body: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return Shape(body, code, type);
    }

    /// <summary>{"error":{"message":"...","type":"...","code":"..."}} with the given code, and nothing that looks like a stack trace.</summary>
    public static JsonElement Shape(string body, string code, string? type = null)
    {
        NoInternals(body);
        using var doc = JsonDocument.Parse(body);
        Assert.True(doc.RootElement.TryGetProperty("error", out var error), "no 'error' object in: " + body);
        Assert.Equal(JsonValueKind.Object, error.ValueKind);
        Assert.True(error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String && message.GetString()!.Length > 0, "error.message missing or empty: " + body);
        Assert.True(error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString()!.Length > 0, "error.type missing or empty: " + body);
        Assert.True(error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String, "error.code missing: " + body);
        Assert.Equal(code, c.GetString());
        if (type is not null)
        {
            Assert.Equal(type, t.GetString());
        }

        return error.Clone();
    }

    public static void NoInternals(string body)
    {
        string[] tells = ["   at ", "Exception", ".cs:line", "System.", "Microsoft.", "AiSpm."];
        foreach (var tell in tells)
        {
            Assert.False(body.Contains(tell, StringComparison.Ordinal), $"the answer leaks internals ('{tell}'): {body}");
        }
    }
}
