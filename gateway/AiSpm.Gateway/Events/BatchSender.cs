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

    /// <summary>The events of an encoded batch (to split one the admin service found too large).</summary>
    public static DetectionEvent[] Decode(byte[] gzippedBatch)
    {
        using var gzip = new GZipStream(new MemoryStream(gzippedBatch), CompressionMode.Decompress);
        return JsonSerializer.Deserialize(gzip, ContractsJsonContext.Default.EventBatch)?.Events ?? [];
    }

    /// <summary>The most of an ingest answer that is read: a rejection list past this is not believed.</summary>
    private const int MaxAnswerBytes = 1024 * 1024;

    public async Task<SendResult> SendAsync(byte[] gzippedBatch, CancellationToken cancellationToken)
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
            return code is >= 200 and < 300 ? new SendResult(SendOutcome.Delivered, await ReadRejectionsAsync(response, timeout.Token).ConfigureAwait(false))
                : code is 413 ? SendResult.Of(SendOutcome.TooLarge)
                : code is 400 or 415 ? SendResult.Of(SendOutcome.Rejected)
                : SendResult.Of(SendOutcome.Retry);
        }
        catch (HttpRequestException)
        {
            LastStatus = null;
            return SendResult.Of(SendOutcome.Retry);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LastStatus = null;
            return SendResult.Of(SendOutcome.Retry);
        }
    }

    /// <summary>
    /// The events an accepted batch's answer lists as rejected. An answer without the list (an older admin service, or
    /// an empty 202) means every event was stored; an answer that cannot be read is taken the same way, since the
    /// status already said the batch was accepted.
    /// </summary>
    private static async Task<IngestRejection[]> ReadRejectionsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is 0 or > MaxAnswerBytes)
        {
            return [];
        }

        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length is 0 or > MaxAnswerBytes)
            {
                return [];
            }

            return JsonSerializer.Deserialize(body, IngestJsonContext.Default.IngestAnswer)?.Rejected ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public void Dispose() => http.Dispose();
}
