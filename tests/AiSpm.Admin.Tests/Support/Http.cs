using System.IO.Compression;
using System.Text;
using System.Text.Json;
using AiSpm.Admin.Json;
using AiSpm.Contracts;

namespace AiSpm.Admin.Tests.Support;

internal static class Http
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static string BatchJson(params DetectionEvent[] events) =>
        JsonSerializer.Serialize(new EventBatch { GatewayId = "gw-1", Events = events }, AdminJsonContext.Default.EventBatch);

    public static ByteArrayContent Gzip(string json)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(json));
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    /// <summary>The problem-details "errors" object of a 400 response, as field to messages.</summary>
    public static async Task<Dictionary<string, string[]>> ProblemErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = new Dictionary<string, string[]>();
        foreach (var p in doc.RootElement.GetProperty("errors").EnumerateObject())
        {
            result[p.Name] = [.. p.Value.EnumerateArray().Select(v => v.GetString()!)];
        }

        return result;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, (int)response.StatusCode + ": " + text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
