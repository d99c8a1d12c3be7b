using AiSpm.Admin.Hosting;
using AiSpm.Scanner.Aws;

namespace AiSpm.Admin.Guardian;

/// <summary>
/// The signed AWS client the Guardian's Bedrock actuators share. Credentials and endpoints come from
/// <see cref="GuardianSettings.Environment"/> over the process environment (as discovery's do), and are resolved when
/// an action runs, so a Guardian without AWS credentials starts and fails only the AWS actions, naming why.
/// </summary>
internal sealed class GuardianAws(IHttpClientFactory clients, GuardianSettings settings)
{
    public const string HttpClientName = "guardian-aws";

    public AwsClient Client()
    {
        var environment = ScopedEnvironment.Over(settings.Environment);
        // Writes are retried by the client on throttling and 5xx: UpdateGuardrail and UpdateAgent write the same
        // document again, PrepareAgent prepares the same draft, and CreateGuardrailVersion carries an idempotency token.
        return new AwsClient(clients.CreateClient(HttpClientName), AwsCredentialsResolver.Resolve(environment), endpoints: new AwsEndpoints(environment));
    }
}
