using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace AiSpm.Benchmarks.Tests.Load;

/// <summary>
/// The open-model client pairs every request with its own answer: against a server that refuses exactly the attack
/// bodies, the attack tally must hold only 403s and the benign one only 200s. This is what makes the load scenarios'
/// block counts trustworthy.
/// </summary>
public sealed class LoadgenTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("aispm-loadgen-").FullName;
    private readonly string _url;
    private int _received;

    public LoadgenTests()
    {
        var port = FreePort();
        _url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public void Dispose()
    {
        _listener.Close();
        Directory.Delete(_dir, recursive: true);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
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

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            Interlocked.Increment(ref _received);
            context.Response.StatusCode = body.Contains("ATTACK", StringComparison.Ordinal) ? 403 : 200;
            var answer = "{\"ok\":true}"u8.ToArray();
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    private string Body(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");
        return path;
    }

    [Theory]
    [InlineData("rate")]
    [InlineData("closed")]
    public async Task AttackMixIsCountedPerRequest(string mode)
    {
        var benign = Body("benign.json", "hello");
        var attack = Body("attack.json", "ATTACK now");
        string[] load = mode == "rate" ? ["--rate", "200", "--duration", "1"] : ["--connections", "4", "--duration", "1"];

        var (exit, output, error) = await NodeRunner.RunAsync(TimeSpan.FromSeconds(60),
            ["perf/load/loadgen.mjs", mode, "--url", _url + "v1/chat/completions", .. load,
             "--body", benign, "--attack-body", attack, "--attack-every", "2"]);

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var attackTally = root.GetProperty("attack");
        var benignTally = root.GetProperty("benign");
        var attacks = attackTally.GetProperty("sent").GetInt32();
        var benigns = benignTally.GetProperty("sent").GetInt32();
        Assert.True(attacks > 0, output);
        Assert.Equal(attacks, attackTally.GetProperty("statuses").GetProperty("403").GetInt32());
        Assert.False(attackTally.GetProperty("statuses").TryGetProperty("200", out _), output);
        Assert.Equal(benigns, benignTally.GetProperty("statuses").GetProperty("200").GetInt32());
        Assert.False(benignTally.GetProperty("statuses").TryGetProperty("403", out _), output);
        // One attack in two (so even the first few requests of a slow run include attacks), to within the last
        // unfinished pair.
        Assert.InRange(attacks, (attacks + benigns) / 2, ((attacks + benigns) / 2) + 1);
        Assert.Equal(attacks + benigns, root.GetProperty("completed").GetInt32());
        Assert.Equal(attacks + benigns, Volatile.Read(ref _received));
        if (mode == "rate")
        {
            Assert.Equal(200, root.GetProperty("offered_rps").GetInt32());
            // An open-model generator never offers more than rate x duration; how many it completes on a busy
            // machine is a timing figure, not a behaviour, so only the ceiling is asserted.
            Assert.InRange(attacks + benigns, 1, 201);
        }
    }

    [Fact]
    public async Task BadArgumentsAreAClearErrorNotAHang()
    {
        var (exit, _, error) = await NodeRunner.RunAsync(TimeSpan.FromSeconds(30), "perf/load/loadgen.mjs", "rate", "--url", _url);

        Assert.Equal(2, exit);
        Assert.Contains("--duration is required", error, StringComparison.Ordinal);
    }
}
