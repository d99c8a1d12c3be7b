using Amazon.Runtime;

namespace AiSpm.Scanner.Aws;

/// <summary>
/// Access keys from the given variables when both are set (with a session token when there is one), otherwise
/// AWSSDK.Core's default chain (environment, shared profile, web identity, container, instance metadata), which throws
/// when it finds nothing. Callers pass a scoped view of the environment, so a fake endpoint's keys never leak wider.
/// </summary>
public static class AwsCredentialsResolver
{
    public static AWSCredentials Resolve(Func<string, string?> environment) =>
        environment("AWS_ACCESS_KEY_ID") is { Length: > 0 } id && environment("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret
            ? (environment("AWS_SESSION_TOKEN") is { Length: > 0 } token ? new SessionAWSCredentials(id, secret, token) : new BasicAWSCredentials(id, secret))
            : Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials();
}
