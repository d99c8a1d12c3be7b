namespace AiSpm.Gateway.Bedrock.Signing;

/// <summary>An access key pair and, for temporary credentials, the session token that goes with it.</summary>
internal sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    /// <summary>Never prints the secret or the token (records print every member by default).</summary>
    public override string ToString() => "AwsCredentials { AccessKeyId = " + AccessKeyId + " }";
}
