namespace AiSpm.Scanner.LiteLlm;

/// <summary>A LiteLLM proxy to read: its base URL (from configuration only) and where its master key comes from.</summary>
public sealed record LiteLlmSettings
{
    public required string Name { get; init; }

    public required Uri BaseUrl { get; init; }

    /// <summary>The environment variable holding the master key (default <c>LITELLM_MASTER_KEY</c>).</summary>
    public string MasterKeyEnv { get; init; } = "LITELLM_MASTER_KEY";

    /// <summary>A file holding the master key; read when the variable is not set.</summary>
    public string? MasterKeyFile { get; init; }

    public int PageSize { get; init; } = 100;

    public int MaxPages { get; init; } = 10_000;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("name: required");
        }

        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("baseUrl: an absolute http or https URL");
        }

        if (PageSize is < 1 or > 1000)
        {
            errors.Add("pageSize: 1 to 1000");
        }

        if (MaxPages < 1)
        {
            errors.Add("maxPages: at least 1");
        }

        return errors;
    }

    internal string? MasterKey(Func<string, string?> environment)
    {
        var fromEnv = environment(MasterKeyEnv);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return fromEnv.Trim();
        }

        return MasterKeyFile is not null && File.Exists(MasterKeyFile) ? File.ReadAllText(MasterKeyFile).Trim() : null;
    }
}
