namespace AiSpm.Scanner.Mapping;

/// <summary>The parts of an ARN: <c>arn:partition:service:region:account:resource</c>.</summary>
internal readonly record struct Arn(string Partition, string Service, string Region, string Account, string Resource)
{
    public static bool TryParse(string? value, out Arn arn)
    {
        arn = default;
        if (value is null || !value.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = value.Split(':', 6);
        if (parts.Length < 6)
        {
            return false;
        }

        arn = new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
        return true;
    }

    /// <summary>The resource type: <c>agent</c> of <c>agent/ID</c>, <c>function</c> of <c>function:NAME</c>.</summary>
    public string ResourceType
    {
        get
        {
            var i = Resource.IndexOfAny(['/', ':']);
            return i < 0 ? Resource : Resource[..i];
        }
    }

    /// <summary>The resource id after the type: the last path segment, or for <c>function:NAME:QUALIFIER</c> the name.</summary>
    public string ResourceId
    {
        get
        {
            if (Service == "lambda")
            {
                var p = Resource.Split(':');
                return p.Length > 1 ? p[1] : Resource;
            }

            var i = Resource.LastIndexOf('/');
            return i < 0 ? Resource : Resource[(i + 1)..];
        }
    }
}
