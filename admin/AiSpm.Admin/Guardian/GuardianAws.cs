using AiSpm.Scanner.Aws;
using Amazon.Runtime;

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
        string? Env(string name) => settings.Environment.TryGetValue(name, out var v) ? v : Environment.GetEnvironmentVariable(name);

        AWSCredentials credentials = Env("AWS_ACCESS_KEY_ID") is { Length: > 0 } id && Env("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret
            ? (Env("AWS_SESSION_TOKEN") is { Length: > 0 } token ? new SessionAWSCredentials(id, secret, token) : new BasicAWSCredentials(id, secret))
            : Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials();
        // Writes are retried by the client on throttling and 5xx: UpdateGuardrail and UpdateAgent write the same
        // document again, PrepareAgent prepares the same draft, and CreateGuardrailVersion carries an idempotency token.
        return new AwsClient(clients.CreateClient(HttpClientName), credentials, endpoints: new AwsEndpoints(Env));
    }
}
