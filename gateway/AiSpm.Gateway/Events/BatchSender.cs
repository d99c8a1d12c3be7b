using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AiSpm.Contracts;

namespace AiSpm.Gateway.Events;

/// <summary>Encodes batches (gzip JSON, source-generated) and posts them to the admin service's ingest endpoint.</summary>
internal sealed class BatchSender(HttpClient http, HandoffOptions options) : IDisposable
{
    private readonly Uri _ingest = new(options.AdminBaseUrl, "/spm/api/events:batch");

    public HttpStatusCode? LastStatus { get; private set; }

    public static byte[] Encode(string gatewayId, DetectionEvent[] events)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, new EventBatch { GatewayId = gatewayId, Events = events }, ContractsJsonContext.Default.EventBatch);
        }

        return buffer.ToArray();
    }

    public async Task<SendOutcome> SendAsync(byte[] gzippedBatch, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        using var content = new ByteArrayContent(gzippedBatch);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var request = new HttpRequestMessage(HttpMethod.Post, _ingest) { Content = content };
        if (options.Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            LastStatus = response.StatusCode;
            var code = (int)response.StatusCode;
            return code is >= 200 and < 300 ? SendOutcome.Delivered
                : code is 400 or 413 or 415 ? SendOutcome.Rejected
                : SendOutcome.Retry;
        }
        catch (HttpRequestException)
        {
            LastStatus = null;
            return SendOutcome.Retry;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LastStatus = null;
            return SendOutcome.Retry;
        }
    }

    public void Dispose() => http.Dispose();
}
