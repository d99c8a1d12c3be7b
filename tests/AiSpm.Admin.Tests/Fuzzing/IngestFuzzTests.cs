using System.Net;
using System.Text;
using System.Text.Json;
using AiSpm.Admin.Tests.Support;
using AiSpm.Testing.Fuzzing;
using CsCheck;

namespace AiSpm.Admin.Tests.Fuzzing;

/// <summary>
/// Mutated event batches against the ingest endpoint of a running admin service: every answer is a success or a
/// problem document, never a server error, and the service keeps ingesting afterwards.
/// </summary>
public sealed class IngestFuzzTests : IClassFixture<LocalAdminFixture>
{
    private static readonly HttpStatusCode[] Expected =
        [HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType];

    private readonly AdminServer _server;

    public IngestFuzzTests(LocalAdminFixture fixture) => _server = fixture.Server;

    [Fact]
    public async Task MutatedBatchesAreStoredOrRefusedNeverAServerError()
    {
        string[] seeds =
        [
            Http.BatchJson(Events.Make(1), Events.Make(2, category: "pii", action: "redacted")),
            Http.BatchJson(Events.Make(3, key: null, team: null, model: null, evidence: null, tags: [])),
        ];
        using var client = _server.Client(AdminServer.GatewayToken);
        await FuzzInputs.Mutated(seeds).SampleAsync(async body =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync("/spm/api/events:batch", content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(Array.IndexOf(Expected, response.StatusCode) >= 0, $"{(int)response.StatusCode}: {text} for {Encoding.UTF8.GetString(body)}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }, iter: FuzzInputs.Iterations, threads: 4);

        using var again = await client.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson(Events.Make(4))));
        using var result = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, result.RootElement.GetProperty("received").GetInt32());
    }

    [Fact]
    public async Task AnEventWithAStringThatIsNotUtf8IsRejectedAloneAndTheRestStored()
    {
        // Found by the fuzz test above: transcoding such a string threw, and the whole batch was a 500.
        var good = Events.Make(5);
        var bad = Events.Make(6, id: "01aXX25072a85978dd99fee6155de2f5de");
        var body = Encoding.UTF8.GetBytes(Http.BatchJson(bad, good));
        var at = Array.IndexOf(body, (byte)'X');
        body[at] = 0xED;
        body[at + 1] = 0xA0;
        using var client = _server.Client(AdminServer.GatewayToken);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await client.PostAsync("/spm/api/events:batch", content);
        var result = await Http.JsonAsync(response);
        Assert.Equal(1, result.GetProperty("stored").GetInt32());
        var rejected = Assert.Single(result.GetProperty("rejected").EnumerateArray());
        Assert.Equal(0, rejected.GetProperty("index").GetInt32());
    }
}
