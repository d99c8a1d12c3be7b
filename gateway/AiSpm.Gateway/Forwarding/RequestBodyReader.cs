using System.Buffers;
using System.IO.Pipelines;
using AiSpm.Gateway.Buffers;
using AiSpm.Gateway.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace AiSpm.Gateway.Forwarding;

/// <summary>Reads a request body through the PipeReader into one pooled buffer, under a size cap and a time limit.</summary>
internal static class RequestBodyReader
{
    public static async ValueTask<(PooledBody? Body, GatewayError? Error)> ReadAsync(HttpContext context, long maxBytes, int timeoutMs)
    {
        var declared = context.Request.ContentLength;
        if (declared > maxBytes)
        {
            return (null, GatewayError.TooLarge);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(timeoutMs);
        var reader = context.Request.BodyReader;
        var body = new PooledBody((int)(declared ?? 4096));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var tooLarge = body.Length + buffer.Length > maxBytes;
                if (!tooLarge)
                {
                    foreach (var segment in buffer)
                    {
                        body.Append(segment.Span);
                    }
                }

                reader.AdvanceTo(buffer.End);
                if (tooLarge)
                {
                    body.Dispose();
                    return (null, GatewayError.TooLarge);
                }

                if (result.IsCompleted)
                {
                    return (body, null);
                }
            }
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            body.Dispose();
            return (null, GatewayError.RequestTimeout);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or OperationCanceledException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            body.Dispose();
            return (null, e is BadHttpRequestException { StatusCode: 413 } ? GatewayError.TooLarge : GatewayError.RequestTimeout);
        }
    }
}
