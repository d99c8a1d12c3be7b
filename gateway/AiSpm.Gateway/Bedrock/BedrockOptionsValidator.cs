using AiSpm.Gateway.Bedrock.Signing;

namespace AiSpm.Gateway.Bedrock;

/// <summary>Every problem of the bedrock section, by field.</summary>
internal static class BedrockOptionsValidator
{
    public static void Validate(BedrockOptions? options, List<string> errors)
    {
        if (options is null)
        {
            return;
        }

        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"bedrock.endpoint: '{options.Endpoint}' is not an http(s) URL");
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            errors.Add("bedrock.region: is required");
        }

        if (string.IsNullOrWhiteSpace(options.SigningName))
        {
            errors.Add("bedrock.signingName: is required");
        }

        if (string.Equals(options.CallerAuth, "sigv4", StringComparison.OrdinalIgnoreCase))
        {
            var value = options.CallerKeysEnv is null ? null : Environment.GetEnvironmentVariable(options.CallerKeysEnv);
            if (CallerKeys.Parse(value, out var error) is null)
            {
                errors.Add($"bedrock.callerKeysEnv: '{options.CallerKeysEnv}' {error}");
            }
        }
        else if (!string.Equals(options.CallerAuth, "trusted", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"bedrock.callerAuth: '{options.CallerAuth}' is not one of sigv4, trusted");
        }

        CheckRange(errors, "bedrock.maxClockSkewSeconds", options.MaxClockSkewSeconds, 1, 3600);
        CheckRange(errors, "bedrock.connectTimeoutMs", options.ConnectTimeoutMs, 1, 600_000);
        CheckRange(errors, "bedrock.firstByteTimeoutMs", options.FirstByteTimeoutMs, 1, 3_600_000);
        CheckRange(errors, "bedrock.idleTimeoutMs", options.IdleTimeoutMs, 1, 3_600_000);
        for (var i = 0; i < options.Guardrails.Count; i++)
        {
            var g = options.Guardrails[i];
            var at = $"bedrock.guardrails[{i}]";
            if (string.IsNullOrWhiteSpace(g.GuardrailIdentifier))
            {
                errors.Add(at + ".guardrailIdentifier: is required");
            }

            if (string.IsNullOrWhiteSpace(g.GuardrailVersion))
            {
                errors.Add(at + ".guardrailVersion: is required");
            }

            if (string.IsNullOrEmpty(g.Model))
            {
                errors.Add(at + ".model: is required");
            }

            CheckRange(errors, at + ".timeoutMs", g.TimeoutMs, 1, 60_000);
            CheckRange(errors, at + ".streamSegmentBytes", g.StreamSegmentBytes, 16, 1_048_576);
            if (!string.Equals(g.FailMode, "open", StringComparison.OrdinalIgnoreCase) && !string.Equals(g.FailMode, "closed", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{at}.failMode: '{g.FailMode}' is not one of open, closed");
            }
        }
    }

    private static void CheckRange(List<string> errors, string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{field}: {value} is outside {min}..{max}");
        }
    }
}
