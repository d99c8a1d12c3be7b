using System.Net.Http.Headers;
using System.Text;

namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>HttpClient helpers with a bounded timeout, so no test can hang.</summary>
internal static class Http
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static HttpClient Client(TimeSpan? timeout = null) => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = timeout ?? Timeout,
    };

    public static HttpRequestMessage Post(string url, string json, params (string Name, string Value)[] headers)
        => Post(url, Encoding.UTF8.GetBytes(json), headers);

    public static HttpRequestMessage Post(string url, byte[] body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-client-test-key");
        foreach (var (name, value) in headers)
        {
            // Content headers (Content-Encoding) are refused on the request's own collection.
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    public static async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response, body);
    }

    /// <summary>How many requests carrying <paramref name="tag"/> in x-mock-tag reached the mock upstream.</summary>
    public static async Task<int> MockRequestsAsync(string mockUrl, string tag)
    {
        using var client = Client();
        using var doc = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(mockUrl + "/mock/stats?tag=" + tag));
        return doc.RootElement.GetProperty("requests").GetInt32();
    }

    public static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
