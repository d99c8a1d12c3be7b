namespace AiSpm.Gateway.Configuration;

/// <summary>Checks the whole configuration and reports every problem with the field it is in, not just the first.</summary>
internal static class GatewayOptionsValidator
{
    public static List<string> Validate(GatewayOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.Listen, UriKind.Absolute, out var listen) || listen.Scheme != Uri.UriSchemeHttp)
        {
            errors.Add($"listen: '{options.Listen}' is not an http:// URL");
        }

        CheckOneOf(errors, "mode", options.Mode, "monitor", "enforce");
        CheckOneOf(errors, "failMode", options.FailMode, "open", "closed");
        CheckOneOf(errors, "engine", options.Engine, "auto", "hyperscan", "managed");
        CheckOneOf(errors, "otherPaths", options.OtherPaths, "scan", "passthrough", "refuse");
        var identityHeaders = options.IdentityHeaders ?? GatewayOptionsLoader.DefaultIdentityHeaders(options.Listen);
        CheckOneOf(errors, "identityHeaders", identityHeaders, "trusted", "ignored", "secret");
        if (string.Equals(identityHeaders, "trusted", StringComparison.OrdinalIgnoreCase) && !options.TrustedNetwork && !ListenAddress.IsLoopback(options.Listen))
        {
            errors.Add($"identityHeaders: 'trusted' on the non-loopback address '{options.Listen}' lets any client that reaches it choose its own policy with x-litellm-* headers; use 'secret' or 'ignored', or set trustedNetwork: true if only LiteLLM can reach this address");
        }

        if (string.Equals(options.IdentityHeaders, "secret", StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrEmpty(options.IdentitySecretEnv is null ? null : Environment.GetEnvironmentVariable(options.IdentitySecretEnv)))
        {
            errors.Add($"identitySecretEnv: identityHeaders 'secret' needs an environment variable that holds the secret ('{options.IdentitySecretEnv}' is unset or empty)");
        }
        if (options.ManagementTokenEnv is { } managementEnv && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(managementEnv)))
        {
            errors.Add($"managementTokenEnv: environment variable '{managementEnv}' is unset or empty");
        }

        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            if (!System.Net.IPAddress.TryParse(options.TrustedProxies[i], out _))
            {
                errors.Add($"trustedProxies[{i}]: '{options.TrustedProxies[i]}' is not an IP address");
            }
        }

        AiSpm.Gateway.Bedrock.BedrockOptionsValidator.Validate(options.Bedrock, errors);

        if (options.StreamHoldbackBytes is < 0 or > 65536)
        {
            errors.Add($"streamHoldbackBytes: {options.StreamHoldbackBytes} is outside 0..65536");
        }

        if (string.IsNullOrWhiteSpace(options.RulesDirectory))
        {
            errors.Add("rulesDirectory: is required");
        }
        else if (!Directory.Exists(options.RulesDirectory))
        {
            errors.Add($"rulesDirectory: '{options.RulesDirectory}' does not exist");
        }

        if (options.RulesReload.DebounceMs is < 0 or > 60_000)
        {
            errors.Add($"rulesReload.debounceMs: {options.RulesReload.DebounceMs} is outside 0..60000");
        }

        if (options.RulesReload.PollIntervalMs is < 1000 or > 86_400_000)
        {
            errors.Add($"rulesReload.pollIntervalMs: {options.RulesReload.PollIntervalMs} is outside 1000..86400000");
        }

        if (options.ScorerPath is not null && !File.Exists(options.ScorerPath))
        {
            errors.Add($"scorerPath: '{options.ScorerPath}' does not exist");
        }

        if (options.PolicyFile is not null && !File.Exists(options.PolicyFile))
        {
            errors.Add($"policyFile: '{options.PolicyFile}' does not exist");
        }

        if (options.FaultInjection.InspectionFailureRate is < 0 or > 1)
        {
            errors.Add($"faultInjection.inspectionFailureRate: {options.FaultInjection.InspectionFailureRate} is outside 0..1");
        }

        ValidateLimits(errors, options.Limits);
        ValidateUpstreams(errors, options);
        ValidateRoutes(errors, options);
        if (options.Admin is { } admin)
        {
            if (!Uri.TryCreate(admin.BaseUrl, UriKind.Absolute, out var adminUri) || (adminUri.Scheme != Uri.UriSchemeHttp && adminUri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"admin.baseUrl: '{admin.BaseUrl}' is not an absolute http(s) URL");
            }
            else
            {
                CheckTransport(errors, "admin.baseUrl", adminUri, options.AllowInsecureHttp);
            }
        }

        return errors;
    }

    private static void ValidateLimits(List<string> errors, LimitsOptions limits)
    {
        if (limits.MaxRequestBodyBytes is < 1024 or > 1L << 30)
        {
            errors.Add($"limits.maxRequestBodyBytes: {limits.MaxRequestBodyBytes} is outside 1024..1073741824");
        }

        if (limits.MaxResponseBodyBytes is < 1024 or > 1L << 30)
        {
            errors.Add($"limits.maxResponseBodyBytes: {limits.MaxResponseBodyBytes} is outside 1024..1073741824");
        }

        if (limits.MaxSseEventBytes is < 1024 or > 64 * 1024 * 1024)
        {
            errors.Add($"limits.maxSseEventBytes: {limits.MaxSseEventBytes} is outside 1024..67108864");
        }

        if (limits.MaxConcurrentRequests is < 1 or > 1_000_000)
        {
            errors.Add($"limits.maxConcurrentRequests: {limits.MaxConcurrentRequests} is outside 1..1000000");
        }

        CheckTimeout(errors, "limits.requestHeadersTimeoutMs", limits.RequestHeadersTimeoutMs);
        CheckTimeout(errors, "limits.requestBodyTimeoutMs", limits.RequestBodyTimeoutMs);
    }

    private static void ValidateUpstreams(List<string> errors, GatewayOptions options)
    {
        // A Bedrock-only gateway has no OpenAI-compatible upstream: its /v1 paths answer openai_not_configured.
        if (options.Upstreams.Count == 0 && options.Bedrock is null)
        {
            errors.Add("upstreams: at least one upstream is required (or a bedrock section)");
        }

        foreach (var (name, upstream) in options.Upstreams)
        {
            var field = $"upstreams.{name}";
            if (!Uri.TryCreate(upstream.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{field}.baseUrl: '{upstream.BaseUrl}' is not an http(s) URL");
            }
            else
            {
                CheckTransport(errors, $"{field}.baseUrl", uri, options.AllowInsecureHttp);
            }

            if (upstream.CaFile is not null)
            {
                ValidateCaFile(errors, field, upstream, uri);
            }

            CheckTimeout(errors, $"{field}.connectTimeoutMs", upstream.ConnectTimeoutMs);
            CheckTimeout(errors, $"{field}.firstByteTimeoutMs", upstream.FirstByteTimeoutMs);
            CheckTimeout(errors, $"{field}.idleTimeoutMs", upstream.IdleTimeoutMs);
            CheckOneOf(errors, $"{field}.auth.mode", upstream.Auth.Mode, "passthrough", "replace");
            CheckOneOf(errors, $"{field}.auth.header", upstream.Auth.Header, "authorization", "x-api-key");
            if (string.Equals(upstream.Auth.Mode, "replace", StringComparison.OrdinalIgnoreCase))
            {
                ValidateReplacementKey(errors, field, upstream.Auth);
            }
        }
    }

    private static void ValidateCaFile(List<string> errors, string field, UpstreamOptions upstream, Uri? uri)
    {
        if (uri is not null && uri.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{field}.caFile: only an https baseUrl has a certificate to check");
        }

        if (UpstreamTrust.Load(upstream.CaFile!) is { Error: { } error })
        {
            errors.Add($"{field}.caFile: {error}");
        }
    }

    private static void ValidateReplacementKey(List<string> errors, string field, UpstreamAuthOptions auth)
    {
        if (auth.ApiKeyEnv is null && auth.ApiKeyFile is null)
        {
            errors.Add($"{field}.auth: mode 'replace' needs apiKeyEnv or apiKeyFile");
        }
        else if (auth.ApiKeyEnv is not null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(auth.ApiKeyEnv)))
        {
            errors.Add($"{field}.auth.apiKeyEnv: environment variable '{auth.ApiKeyEnv}' is not set");
        }
        else if (auth.ApiKeyFile is not null && !File.Exists(auth.ApiKeyFile))
        {
            errors.Add($"{field}.auth.apiKeyFile: '{auth.ApiKeyFile}' does not exist");
        }
    }

    private static void ValidateRoutes(List<string> errors, GatewayOptions options)
    {
        if (options.Routes.Count == 0 && options.Upstreams.Count > 0)
        {
            errors.Add("routes: at least one route is required");
        }

        for (var i = 0; i < options.Routes.Count; i++)
        {
            var route = options.Routes[i];
            if (string.IsNullOrWhiteSpace(route.Model))
            {
                errors.Add($"routes[{i}].model: is required");
            }
            else if (route.Model.IndexOf('*', StringComparison.Ordinal) is var star && star >= 0 && star != route.Model.Length - 1)
            {
                errors.Add($"routes[{i}].model: '{route.Model}' may only have '*' at the end");
            }

            if (!options.Upstreams.ContainsKey(route.Upstream))
            {
                errors.Add($"routes[{i}].upstream: '{route.Upstream}' is not one of the configured upstreams");
            }
        }
    }

    /// <summary>
    /// Provider keys, prompts and the gateway's admin token cross these connections: plain http only to loopback, or
    /// where the operator says the network is private (<c>allowInsecureHttp</c>).
    /// </summary>
    private static void CheckTransport(List<string> errors, string field, Uri uri, bool allowInsecureHttp)
    {
        if (uri.Scheme == Uri.UriSchemeHttp && !allowInsecureHttp && !ListenAddress.IsLoopback(uri.OriginalString))
        {
            errors.Add($"{field}: '{uri.OriginalString}' is plain http to a host that is not loopback; use https, or set allowInsecureHttp: true for a private network");
        }
    }

    private static void CheckTimeout(List<string> errors, string field, int value)
    {
        if (value is < 1 or > 3_600_000)
        {
            errors.Add($"{field}: {value} is outside 1..3600000 ms");
        }
    }

    private static void CheckOneOf(List<string> errors, string field, string value, params string[] allowed)
    {
        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        errors.Add($"{field}: '{value}' is not one of {string.Join(", ", allowed)}");
    }
}
