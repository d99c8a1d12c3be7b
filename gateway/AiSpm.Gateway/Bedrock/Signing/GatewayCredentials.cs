namespace AiSpm.Gateway.Bedrock.Signing;

/// <summary>
/// The gateway's own AWS credentials, read from the standard environment variables (AWS_ACCESS_KEY_ID,
/// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) on every request, so a rotated value set by a sidecar that restarts
/// nothing is still the gateway's own process environment. Null when unset.
/// </summary>
internal static class GatewayCredentials
{
    public static AwsCredentials? FromEnvironment()
    {
        var id = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
        var secret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
        {
            return null;
        }

        var token = Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN");
        return new AwsCredentials(id, secret, string.IsNullOrEmpty(token) ? null : token);
    }
}
