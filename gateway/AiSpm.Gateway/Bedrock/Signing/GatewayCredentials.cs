using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace AiSpm.Gateway.Bedrock.Signing;

/// <summary>
/// The gateway's own AWS credentials, from AWSSDK.Core's default chain (environment variables, shared profile, web
/// identity, container and instance roles), which refreshes temporary credentials itself. AWSSDK.Core 4.1.0 publishes
/// native-AOT clean with this and the gateway's warnings-as-errors publish.
/// </summary>
internal static class GatewayCredentials
{
    /// <summary>The current credentials, or null when the chain finds none (the request is then refused, never sent unsigned).</summary>
    public static async ValueTask<AwsCredentials?> ResolveAsync()
    {
        try
        {
            var chain = DefaultAWSCredentialsIdentityResolver.GetCredentials();
            var current = await chain.GetCredentialsAsync().ConfigureAwait(false);
            if (string.IsNullOrEmpty(current.AccessKey) || string.IsNullOrEmpty(current.SecretKey))
            {
                return null;
            }

            return new AwsCredentials(current.AccessKey, current.SecretKey, current.UseToken ? current.Token : null);
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }
}
