using AiSpm.Scanner.Aws;
using AiSpm.Scanner.Connectors;
using AiSpm.Scanner.Mapping;
using Amazon.Runtime;

namespace AiSpm.Admin.Discovery;

/// <summary>
/// The AWS connector with its credentials resolved when it runs rather than when it is built: AWSSDK.Core's default
/// chain throws when it finds nothing, and that must cost this connector's run (reported as <c>no_credentials</c>),
/// not the admin's start. Access keys given in <see cref="DiscoverySettings.Environment"/> are used as they are;
/// otherwise the default chain (environment, shared profile, web identity, container, instance metadata) applies.
/// </summary>
internal sealed class DeferredAwsConnector(AwsConnectorSettings settings, HttpClient http, Func<string, string?> environment) : IDiscoveryConnector
{
    public string Name => settings.Name;

    public int Phase => settings.Services.Contains("iam") ? 1 : 0;

    public async Task<ConnectorRun> CollectAsync(IReadOnlyList<ProviderAnswer> earlierAnswers, CancellationToken cancellationToken)
    {
        AWSCredentials credentials;
        try
        {
            credentials = AwsCredentialsResolver.Resolve(environment);
        }
        catch (Exception e)
        {
            return new ConnectorRun([], [new FailedCall(settings.Name, "no_credentials", "no AWS credentials: " + e.GetType().Name)], 0);
        }

        var client = new AwsClient(http, credentials, endpoints: new AwsEndpoints(environment));
        return await new AwsConnector(settings, client).CollectAsync(earlierAnswers, cancellationToken);
    }
}
