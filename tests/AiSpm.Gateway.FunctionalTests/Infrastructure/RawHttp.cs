using System.Net.Sockets;
using System.Text;

namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>HTTP/1.1 over a bare socket, for headers HttpClient would not send as written (Connection, Keep-Alive, TE, Upgrade...).</summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Headers, byte[] Body)> SendAsync(Uri baseUrl, string head, byte[] body)
    {
        using var cts = new CancellationTokenSource(Http.Timeout);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseUrl.Host, baseUrl.Port, cts.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cts.Token);
        await stream.WriteAsync(body, cts.Token);

        // The request says Connection: close, so the answer ends when the socket does.
        using var all = new MemoryStream();
        await stream.CopyToAsync(all, cts.Token);
        var bytes = all.ToArray();
        var split = IndexOf(bytes, "\r\n\r\n"u8);
        if (split < 0)
        {
            throw new InvalidOperationException("no complete response head in: " + Encoding.UTF8.GetString(bytes));
        }

        var headers = Encoding.ASCII.GetString(bytes, 0, split);
        var status = int.Parse(headers.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        var rest = bytes[(split + 4)..];
        if (headers.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            rest = Dechunk(rest);
        }

        return (status, headers, rest);
    }

    private static byte[] Dechunk(byte[] data)
    {
        using var output = new MemoryStream();
        var pos = 0;
        while (pos < data.Length)
        {
            var lineEnd = IndexOf(data.AsSpan(pos), "\r\n"u8);
            var sizeText = Encoding.ASCII.GetString(data, pos, lineEnd).Split(';')[0];
            var size = Convert.ToInt32(sizeText, 16);
            pos += lineEnd + 2;
            if (size == 0)
            {
                break;
            }

            output.Write(data, pos, size);
            pos += size + 2;
        }

        return output.ToArray();
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);
}
