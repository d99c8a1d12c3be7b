using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Amazon.Runtime;

namespace AiSpm.Scanner.Aws;

/// <summary>
/// Calls AWS operations without the service SDKs: requests shaped as the botocore models say, signed with SigV4 by
/// AWSSDK.Core with credentials from its default chain (or those given), throttling and 5xx retried with exponential
/// backoff and full jitter, every page of a listing followed and merged (a repeated token stops with
/// <c>pagination_loop</c>), and at most <see cref="AwsClientOptions.MaxConcurrencyPerService"/> calls in flight per service.
/// Answers come back in the shape the AWS CLI prints.
/// </summary>
public sealed class AwsClient
{
    private static readonly string[] ThrottlingCodes =
    [
        "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
        "RequestThrottled", "RequestThrottledException", "SlowDown", "ProvisionedThroughputExceededException",
    ];

    private readonly HttpClient _http;
    private readonly AWSCredentials _credentials;
    private readonly AwsClientOptions _options;
    private readonly AwsEndpoints _endpoints;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _limits = new(StringComparer.Ordinal);

    /// <param name="credentials">Null for AWSSDK.Core's default chain (environment, shared profile, web identity,
    /// ECS container, EC2 instance metadata).</param>
    public AwsClient(HttpClient http, AWSCredentials? credentials = null, AwsClientOptions? options = null, AwsEndpoints? endpoints = null, TimeProvider? time = null)
    {
        _http = http;
        _credentials = credentials ?? Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials();
        _options = options ?? new AwsClientOptions();
        _endpoints = endpoints ?? new AwsEndpoints();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Calls <paramref name="operation"/>, follows every page, and returns the merged answer.</summary>
    public async Task<JsonObject> CallAsync(AwsOperation operation, string region, JsonObject? input, CancellationToken cancellationToken)
    {
        var name = operation.Service.CliName + ":" + operation.Name;
        var request = input is null ? [] : (JsonObject)input.DeepClone();
        JsonObject? merged = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; ; page++)
        {
            if (page >= _options.MaxPages)
            {
                throw new AwsCallException(name, "pagination_loop", "more than " + _options.MaxPages + " pages");
            }

            var answer = await SendWithRetriesAsync(operation, region, request, cancellationToken).ConfigureAwait(false);
            if (merged is null)
            {
                merged = answer;
            }
            else if (operation.ResultKey is { } key && answer[key] is JsonArray more)
            {
                if (merged[key] is not JsonArray all)
                {
                    all = [];
                    merged[key] = all;
                }

                foreach (var item in more)
                {
                    all.Add(item?.DeepClone());
                }
            }

            if (!operation.Paged)
            {
                return merged;
            }

            var token = answer[operation.OutputToken!] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
            if (operation.Service.Protocol == AwsProtocol.Query && answer["IsTruncated"] is JsonValue truncated &&
                truncated.TryGetValue<bool>(out var isTruncated) && !isTruncated)
            {
                token = null;
            }

            if (string.IsNullOrEmpty(token))
            {
                // The CLI merges pages and drops the continuation members; so does this.
                merged.Remove(operation.OutputToken!);
                merged.Remove("IsTruncated");
                return merged;
            }

            if (!seen.Add(token))
            {
                throw new AwsCallException(name, "pagination_loop", "the same pagination token came back twice");
            }

            request[operation.InputToken!] = token;
        }
    }

    private async Task<JsonObject> SendWithRetriesAsync(AwsOperation operation, string region, JsonObject input, CancellationToken cancellationToken)
    {
        var limit = _limits.GetOrAdd(operation.Service.CliName, _ => new SemaphoreSlim(_options.MaxConcurrencyPerService));
        await limit.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await SendOnceAsync(operation, region, input, cancellationToken).ConfigureAwait(false);
                }
                catch (RetryableException e) when (attempt < _options.MaxAttempts)
                {
                    _ = e;
                    await Task.Delay(Backoff(attempt), _time, cancellationToken).ConfigureAwait(false);
                }
                catch (RetryableException e)
                {
                    throw new AwsCallException(operation.Service.CliName + ":" + operation.Name, e.Code, e.Message + " (after " + attempt + " attempts)");
                }
            }
        }
        finally
        {
            limit.Release();
        }
    }

    /// <summary>Full jitter: a wait drawn uniformly below the capped exponential delay.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var cap = Math.Min(_options.MaxDelay.TotalMilliseconds, _options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
    }

    private async Task<JsonObject> SendOnceAsync(AwsOperation operation, string region, JsonObject input, CancellationToken cancellationToken)
    {
        var name = operation.Service.CliName + ":" + operation.Name;
        var (request, body) = Build(operation, region, input);
        using (request)
        {
            var credentials = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
            SigV4.Sign(request, body, credentials, AwsEndpoints.SigningRegion(operation.Service, region), operation.Service.SigningName, _time.GetUtcNow().UtcDateTime);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.CallTimeout);
            HttpResponseMessage response;
            string text;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RetryableException("timeout", "no answer within " + _options.CallTimeout.TotalSeconds + " s");
            }
            catch (HttpRequestException e)
            {
                throw new RetryableException("unreachable", e.Message);
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return ParseSuccess(operation, name, text);
                }

                throw Failure(operation, name, response, text);
            }
        }
    }

    private static JsonObject ParseSuccess(AwsOperation operation, string name, string text)
    {
        try
        {
            if (operation.Service.Protocol == AwsProtocol.Query)
            {
                return QueryXml.Parse(text, operation.Name);
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                return [];
            }

            return JsonNode.Parse(text) as JsonObject ?? throw new AwsCallException(name, "malformed_answer", "the answer is JSON but not an object");
        }
        catch (JsonException e)
        {
            throw new AwsCallException(name, "malformed_answer", "the answer is not valid JSON (" + Describe(text) + "): " + e.Message);
        }
        catch (XmlException e)
        {
            throw new AwsCallException(name, "malformed_answer", "the answer is not the expected XML (" + Describe(text) + "): " + e.Message);
        }
    }

    private static string Describe(string text) =>
        text.TrimStart().StartsWith('<') && text.Contains("<html", StringComparison.OrdinalIgnoreCase) ? "an HTML page" : text.Length + " characters";

    private static Exception Failure(AwsOperation operation, string name, HttpResponseMessage response, string text)
    {
        var (code, message) = ErrorOf(response, text);
        var status = (int)response.StatusCode;
        if (status == 429 || Array.IndexOf(ThrottlingCodes, code) >= 0)
        {
            return new RetryableException("throttled", code + ": " + message);
        }

        if (status >= 500)
        {
            return new RetryableException("server_error", "HTTP " + status + " " + code + ": " + message);
        }

        if (response.StatusCode == HttpStatusCode.Forbidden || code.StartsWith("AccessDenied", StringComparison.Ordinal) || code == "UnauthorizedOperation")
        {
            return new AwsCallException(name, "access_denied", code + ": " + message);
        }

        if (response.StatusCode == HttpStatusCode.NotFound || code.Contains("NotFound", StringComparison.Ordinal) || code == "NoSuchEntity")
        {
            return new AwsCallException(name, "not_found", code + ": " + message);
        }

        _ = operation;
        return new AwsCallException(name, "client_error", "HTTP " + status + " " + code + ": " + message);
    }

    /// <summary>The error code and message: <c>x-amzn-ErrorType</c>, a JSON <c>__type</c>/<c>code</c> and <c>message</c>, or an XML <c>Error</c>.</summary>
    private static (string Code, string Message) ErrorOf(HttpResponseMessage response, string text)
    {
        string? code = null;
        string? message = null;
        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var values))
        {
            code = values.FirstOrDefault()?.Split(':')[0];
        }

        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                var o = JsonNode.Parse(text);
                code ??= (o?["__type"] ?? o?["code"] ?? o?["Code"])?.GetValue<string>();
                message = (o?["message"] ?? o?["Message"])?.GetValue<string>();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                message = "unreadable error body";
            }
        }
        else if (trimmed.StartsWith("<?xml", StringComparison.Ordinal) || trimmed.StartsWith("<ErrorResponse", StringComparison.Ordinal))
        {
            try
            {
                var x = System.Xml.Linq.XDocument.Parse(text);
                foreach (var e in x.Descendants())
                {
                    if (e.Name.LocalName == "Code")
                    {
                        code ??= e.Value;
                    }
                    else if (e.Name.LocalName == "Message")
                    {
                        message ??= e.Value;
                    }
                }
            }
            catch (XmlException)
            {
                message = "unreadable error body";
            }
        }
        else if (trimmed.Length > 0)
        {
            message = Describe(text);
        }

        if (code is not null && code.Contains('#', StringComparison.Ordinal))
        {
            code = code[(code.LastIndexOf('#') + 1)..];
        }

        return (code ?? "Http" + (int)response.StatusCode, message ?? "");
    }

    private (HttpRequestMessage Request, byte[] Body) Build(AwsOperation operation, string region, JsonObject input)
    {
        var endpoint = _endpoints.Resolve(operation.Service, region);
        var service = operation.Service;
        switch (service.Protocol)
        {
            case AwsProtocol.Json:
                {
                    var body = Encoding.UTF8.GetBytes(input.ToJsonString());
                    var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "/")) { Content = new ByteArrayContent(body) };
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
                    request.Headers.TryAddWithoutValidation("X-Amz-Target", service.TargetPrefix + "." + operation.Name);
                    return (request, body);
                }

            case AwsProtocol.Query:
                {
                    var form = new StringBuilder("Action=").Append(operation.Name).Append("&Version=").Append(service.ApiVersion);
                    foreach (var (k, v) in input)
                    {
                        form.Append('&').Append(SigV4.Encode(k)).Append('=').Append(SigV4.Encode(v?.ToString() ?? ""));
                    }

                    var body = Encoding.UTF8.GetBytes(form.ToString());
                    var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "/")) { Content = new ByteArrayContent(body) };
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
                    return (request, body);
                }

            default:
                {
                    var path = new StringBuilder();
                    var rest = new JsonObject();
                    var used = new HashSet<string>(StringComparer.Ordinal);
                    var template = operation.Path;
                    for (var i = 0; i < template.Length; i++)
                    {
                        if (template[i] == '{')
                        {
                            var end = template.IndexOf('}', i);
                            var member = template[(i + 1)..end].TrimEnd('+');
                            used.Add(member);
                            path.Append(SigV4.Encode(input[member]?.ToString() ?? ""));
                            i = end;
                        }
                        else
                        {
                            path.Append(template[i]);
                        }
                    }

                    var query = new StringBuilder();
                    foreach (var (k, v) in input)
                    {
                        if (used.Contains(k))
                        {
                            continue;
                        }

                        if (operation.Query is not null && operation.Query.TryGetValue(k, out var q))
                        {
                            query.Append(query.Length == 0 ? '?' : '&').Append(SigV4.Encode(q)).Append('=').Append(SigV4.Encode(v?.ToString() ?? ""));
                        }
                        else
                        {
                            rest[k] = v?.DeepClone();
                        }
                    }

                    var uri = new Uri(endpoint.GetLeftPart(UriPartial.Authority) + endpoint.AbsolutePath.TrimEnd('/') + path + query);
                    var method = new HttpMethod(operation.Method);
                    var body = method == HttpMethod.Get ? [] : Encoding.UTF8.GetBytes(rest.ToJsonString());
                    var request = new HttpRequestMessage(method, uri);
                    if (method != HttpMethod.Get)
                    {
                        request.Content = new ByteArrayContent(body);
                        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                    }

                    return (request, body);
                }
        }
    }

    /// <summary>A failure worth another attempt (throttling, 5xx, timeout, connection refused).</summary>
    private sealed class RetryableException(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }
}
