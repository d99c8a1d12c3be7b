namespace AiSpm.Admin.Storage;

/// <summary>The policy changed since the version the caller based its change on.</summary>
internal sealed class PolicyConflictException : Exception
{
    public PolicyConflictException()
    {
    }

    public PolicyConflictException(string message) : base(message)
    {
    }

    public PolicyConflictException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public long CurrentVersion { get; init; }
}
