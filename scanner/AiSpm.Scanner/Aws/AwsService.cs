namespace AiSpm.Scanner.Aws;

/// <summary>
/// One AWS service as its botocore model describes it. <see cref="EnvName"/> is the suffix of its
/// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> override (the service id upper-cased, spaces as underscores).
/// </summary>
public sealed record AwsService(
    string CliName,
    string EnvName,
    string EndpointPrefix,
    string SigningName,
    AwsProtocol Protocol,
    string ApiVersion,
    string IamPrefix,
    string? TargetPrefix = null,
    bool Global = false);
