namespace AiSpm.Admin.Guardian;

/// <summary>
/// The parts of an ARN the Guardian's AWS actuators need (<c>arn:aws:bedrock:us-east-1:123456789012:guardrail/g1</c>:
/// region <c>us-east-1</c>, resource type <c>guardrail</c>, id <c>g1</c>). Targets come from the asset store and from
/// GuardDuty findings, so anything that is not a well-formed ARN of the expected type is refused, never guessed at.
/// </summary>
internal readonly record struct AwsTarget(string Service, string Region, string Account, string ResourceType, string ResourceId)
{
    public static bool TryParse(string? value, string service, string resourceType, out AwsTarget target)
    {
        target = default;
        if (value is null || !value.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = value.Split(':', 6);
        if (parts.Length != 6 || parts[2] != service || parts[3].Length == 0)
        {
            return false;
        }

        var slash = parts[5].IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || parts[5][..slash] != resourceType)
        {
            return false;
        }

        var id = parts[5][(slash + 1)..];
        if (id.Length == 0 || id.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        target = new AwsTarget(parts[2], parts[3], parts[4], resourceType, id);
        return true;
    }
}
