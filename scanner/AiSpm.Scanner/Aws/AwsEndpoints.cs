namespace AiSpm.Scanner.Aws;

/// <summary>
/// Where a service is reached: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, else <c>AWS_ENDPOINT_URL</c> (as LocalStack
/// users set), else the public regional endpoint. Endpoints come from configuration only, never from an answer.
/// </summary>
public sealed class AwsEndpoints(Func<string, string?>? environment = null)
{
    private readonly Func<string, string?> _env = environment ?? Environment.GetEnvironmentVariable;

    public Uri Resolve(AwsService service, string region)
    {
        var specific = _env("AWS_ENDPOINT_URL_" + service.EnvName);
        if (!string.IsNullOrWhiteSpace(specific))
        {
            return new Uri(specific.TrimEnd('/'));
        }

        var general = _env("AWS_ENDPOINT_URL");
        if (!string.IsNullOrWhiteSpace(general))
        {
            return new Uri(general.TrimEnd('/'));
        }

        return service.Global
            ? new Uri("https://" + service.EndpointPrefix + ".amazonaws.com")
            : new Uri("https://" + service.EndpointPrefix + "." + region + ".amazonaws.com");
    }

    /// <summary>The region a request is signed for: global services sign for us-east-1.</summary>
    public static string SigningRegion(AwsService service, string region) => service.Global ? "us-east-1" : region;
}
