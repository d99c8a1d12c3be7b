using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>
/// An HTTP/1.1 upstream on a bare socket (optionally behind TLS) whose answer is chosen by the request's
/// <c>x-test-script</c> header, for what the mock upstream cannot do: close a keep-alive connection right after an
/// answer, send chunked trailers, send a head over the client's limit. It counts the connections it accepted.
/// </summary>
internal sealed class ScriptedUpstream : IAsyncDisposable
{
    public const string ScriptHeader = "x-test-script";

    /// <summary>Answers, then closes the connection although the answer said keep-alive.</summary>
    public const string CloseAfterAnswer = "close-after-answer";

    /// <summary>Answers chunked, ending with a trailer section.</summary>
    public const string ChunkedWithTrailers = "chunked-with-trailers";

    /// <summary>Answers with a 100 KB header, over HttpClient's 64 KB default for a response head.</summary>
    public const string HugeHeader = "huge-header";

    public static readonly byte[] Completion = Encoding.UTF8.GetBytes(
        """{"id":"chatcmpl-scripted","object":"chat.completion","created":1,"model":"edge-model","choices":[{"index":0,"message":{"role":"assistant","content":"scripted answer"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _connections;

    public ScriptedUpstream(X509Certificate2? certificate = null)
    {
        _certificate = certificate;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop this way.
        }

        _stop.Dispose();
        _certificate?.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(_certificate);
                    stream = tls;
                }

                await using (stream)
                {
                    while (await ReadRequestAsync(stream) is { } script)
                    {
                        if (!await AnswerAsync(stream, script))
                        {
                            return;
                        }
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
            {
                // The gateway went away, or refused our certificate (the untrusted-upstream test expects that).
            }
        }
    }

    /// <summary>Reads one request (head and Content-Length body); its script name, "" for none; null at end of stream.</summary>
    private async Task<string?> ReadRequestAsync(Stream stream)
    {
        var head = new MemoryStream();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return null;
            }

            head.WriteByte(one[0]);
            if (head.Length >= 4 && head.GetBuffer().AsSpan((int)head.Length - 4, 4).SequenceEqual("\r\n\r\n"u8))
            {
                break;
            }
        }

        var script = "";
        var length = 0;
        foreach (var line in Encoding.ASCII.GetString(head.GetBuffer(), 0, (int)head.Length).Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals(ScriptHeader, StringComparison.OrdinalIgnoreCase))
            {
                script = value;
            }
            else if (name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var body = new byte[length];
        await stream.ReadExactlyAsync(body, _stop.Token);
        return script;
    }

    /// <summary>Writes the scripted answer; false when the connection is to be closed after it.</summary>
    private async Task<bool> AnswerAsync(Stream stream, string script)
    {
        switch (script)
        {
            case ChunkedWithTrailers:
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nTrailer: x-checksum\r\n\r\n");
                for (var offset = 0; offset < Completion.Length; offset += 40)
                {
                    var size = Math.Min(40, Completion.Length - offset);
                    await WriteAsync(stream, size.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n");
                    await stream.WriteAsync(Completion.AsMemory(offset, size), _stop.Token);
                    await WriteAsync(stream, "\r\n");
                }

                await WriteAsync(stream, "0\r\nx-checksum: 5f3a\r\n\r\n");
                return true;
            case HugeHeader:
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-huge: " + new string('a', 100 * 1024) + "\r\n" + $"Content-Length: {Completion.Length}\r\n\r\n");
                await stream.WriteAsync(Completion, _stop.Token);
                return true;
            default:
                await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: keep-alive\r\nContent-Length: {Completion.Length}\r\n\r\n");
                await stream.WriteAsync(Completion, _stop.Token);
                await stream.FlushAsync(_stop.Token);
                return script != CloseAfterAnswer;
        }
    }

    private Task WriteAsync(Stream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text), _stop.Token).AsTask();
}
