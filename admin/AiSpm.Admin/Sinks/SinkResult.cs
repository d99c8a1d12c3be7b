namespace AiSpm.Admin.Sinks;

/// <summary>The outcome of one attempt; <see cref="Error"/> is for operators (status code, timeout), never a response body.</summary>
internal readonly record struct SinkResult(bool Ok, string? Error)
{
    public static SinkResult Success { get; } = new(true, null);

    public static SinkResult Failed(string error) => new(false, error);
}
