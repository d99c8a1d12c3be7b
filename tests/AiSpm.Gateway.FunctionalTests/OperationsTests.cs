using System.Net;
using System.Text.RegularExpressions;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests;

/// <summary>/healthz, /readyz and /metrics.</summary>
[Collection(StandardCollection.Name)]
public sealed partial class OperationsTests(StandardGateway env)
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task HealthEndpointsAnswer200(string path)
    {
        using var client = Http.Client();
        using var response = await client.GetAsync(env.GatewayUrl + path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MetricsCountRequestsAfterTraffic()
    {
        await FollowUp.AssertServesAsync(env.GatewayUrl);
        using var client = Http.Client();
        using var response = await client.GetAsync(env.GatewayUrl + "/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);

        // A request counter (any name with "request" declared as a counter) with a sample of at least 1.
        var counter = CounterType().Match(text);
        Assert.True(counter.Success, "no '# TYPE ...request... counter' in:\n" + text);
        var name = counter.Groups[1].Value;
        var total = 0.0;
        foreach (Match sample in Sample().Matches(text))
        {
            if (sample.Groups[1].Value == name)
            {
                total += double.Parse(sample.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        Assert.True(total >= 1, $"{name} sums to {total} after a request:\n{text}");
        Assert.Matches(HistogramType(), text);
    }

    [GeneratedRegex(@"^# TYPE (\S*request\S*) counter$", RegexOptions.Multiline)]
    private static partial Regex CounterType();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})? ([0-9.eE+-]+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [GeneratedRegex(@"^# TYPE \S+ histogram$", RegexOptions.Multiline)]
    private static partial Regex HistogramType();
}
