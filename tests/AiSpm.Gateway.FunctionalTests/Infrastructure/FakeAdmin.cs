using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>
/// The admin service's gateway-facing surface, as small as the gateway needs: a policy served with an ETag (changed by
/// the test) and an events endpoint that accepts everything. Real HTTP on a loopback socket.
/// </summary>
internal sealed class FakeAdmin : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private volatile string _version = "1";
    private volatile string _policy = """{"version":"1"}""";

    public FakeAdmin()
    {
        var port = GatewayConfig.ClosedPort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    /// <summary>Every POST received (event batches, traffic summaries): its path and its body, decompressed.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string Path, string Body)> Posts { get; } = new();

    /// <summary>The policy the next poll gets: a new version listing <paramref name="enabledRulePacks"/>.</summary>
    public void SetPolicy(string version, params string[] enabledRulePacks)
    {
        var packs = new JsonArray();
        foreach (var pack in enabledRulePacks)
        {
            packs.Add(pack);
        }

        _policy = new JsonObject { ["version"] = version, ["enabledRulePacks"] = packs }.ToJsonString();
        _version = version;
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: after Stop has released the port, the managed listener's Close looks its endpoint up again and
        // binds the port anew to do so, which fails with "Address already in use" once another test has taken it.
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            var path = context.Request.Url?.AbsolutePath ?? "";
            if (context.Request.HttpMethod == "GET" && path == "/spm/api/policies")
            {
                var version = _version;
                var etag = "\"" + version + "\"";
                if (context.Request.Headers["If-None-Match"] == etag)
                {
                    response.StatusCode = 304;
                    continue;
                }

                var body = Encoding.UTF8.GetBytes(_policy);
                response.StatusCode = 200;
                response.ContentType = "application/json";
                response.Headers["ETag"] = etag;
                await response.OutputStream.WriteAsync(body);
            }
            else if (context.Request.HttpMethod == "POST")
            {
                using var body = new MemoryStream();
                var input = context.Request.Headers["Content-Encoding"] == "gzip"
                    ? new System.IO.Compression.GZipStream(context.Request.InputStream, System.IO.Compression.CompressionMode.Decompress)
                    : context.Request.InputStream;
                await using (input)
                {
                    await input.CopyToAsync(body);
                }

                Posts.Enqueue((path, Encoding.UTF8.GetString(body.ToArray())));
                response.StatusCode = 202;
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }
}
