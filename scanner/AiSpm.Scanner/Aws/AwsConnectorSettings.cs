namespace AiSpm.Scanner.Aws;

/// <summary>
/// One AWS connector: which services it reads and in which regions. Credentials come from AWSSDK.Core's default
/// chain unless the host gives others; endpoints from <c>AWS_ENDPOINT_URL[_SERVICE]</c> or the public ones.
/// </summary>
public sealed record AwsConnectorSettings
{
    public required string Name { get; init; }

    /// <summary>CLI names of the services to read: bedrock, bedrock-agent, bedrock-agentcore-control, sagemaker, lambda, iam, xray.</summary>
    public required IReadOnlyList<string> Services { get; init; }

    public IReadOnlyList<string> Regions { get; init; } = [Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ?? "us-east-1"];

    /// <summary>The window of the X-Ray service graph.</summary>
    public TimeSpan TraceWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Every error by field, empty when the settings are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("name: required");
        }

        if (Services.Count == 0)
        {
            errors.Add("services: at least one");
        }

        foreach (var s in Services)
        {
            if (AwsOperations.ServiceByCliName(s) is null)
            {
                errors.Add("services: unknown service '" + s + "'");
            }
        }

        if (Regions.Count == 0)
        {
            errors.Add("regions: at least one");
        }

        if (TraceWindow <= TimeSpan.Zero || TraceWindow > TimeSpan.FromHours(6))
        {
            errors.Add("traceWindow: above zero and at most 6 hours (GetServiceGraph's limit)");
        }

        return errors;
    }
}
