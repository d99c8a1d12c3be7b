using System.Globalization;
using System.Net.Http.Headers;
using AiSpm.Admin.Storage.Outbox;

namespace AiSpm.Admin.Sinks;

/// <summary>A JSON POST: the signed webhook, or a Slack incoming webhook (which Slack authenticates by its secret URL).</summary>
internal sealed class HttpSink(SinkOptions options, HttpClient http, TimeProvider time) : ISink
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public async Task<SinkResult> SendAsync(OutboxDelivery delivery, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var body = options.Type == SinkOptions.Slack ? SinkMessages.Slack(delivery) : SinkMessages.Webhook(delivery, now);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        if (options.Type == SinkOptions.Webhook)
        {
            var ts = now.ToUnixTimeSeconds();
            request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, ts.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(options.Secret, ts, body));
            request.Headers.TryAddWithoutValidation(WebhookSignature.DeliveryHeader, delivery.Id);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode
                ? SinkResult.Success
                : SinkResult.Failed("HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SinkResult.Failed("timed out after " + options.Timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms");
        }
        catch (HttpRequestException ex)
        {
            // The message names the endpoint and the socket error, not anything the receiver sent back.
            return SinkResult.Failed(ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : ex.HttpRequestError.ToString());
        }
    }
}
