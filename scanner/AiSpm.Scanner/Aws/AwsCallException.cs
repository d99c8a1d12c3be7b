namespace AiSpm.Scanner.Aws;

/// <summary>
/// A call that failed for good (after retries): <see cref="Code"/> is stable (<c>access_denied</c>, <c>throttled</c>,
/// <c>not_found</c>, <c>malformed_answer</c>, <c>pagination_loop</c>, <c>timeout</c>, <c>server_error</c>,
/// <c>client_error</c>, <c>unreachable</c>), the message never holds credentials.
/// </summary>
public sealed class AwsCallException : Exception
{
    public AwsCallException(string operation, string code, string message)
        : base(message)
    {
        Operation = operation;
        Code = code;
    }

    public AwsCallException()
    {
        Operation = Code = "";
    }

    public AwsCallException(string message)
        : base(message)
    {
        Operation = Code = "";
    }

    public AwsCallException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = Code = "";
    }

    public string Operation { get; }

    public string Code { get; }
}
