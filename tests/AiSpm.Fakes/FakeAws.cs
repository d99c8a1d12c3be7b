using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace AiSpm.Fakes;

/// <summary>
/// A fake AWS endpoint for tests (Kestrel on 127.0.0.1:0): routes each request to an operation by the botocore models
/// (REST method and URI template, JSON 1.1 target, query Action), recomputes its SigV4 signature with the test secret
/// and refuses a mismatch, and validates every modelled answer against the operation's output shape.
/// </summary>
public sealed partial class FakeAws : IAsyncDisposable
{
    public const string AccessKey = "AKIDFAKEFORTESTS";
    public const string SecretKey = "fake/secret/for/signature/checks";

    private static readonly string[] Services = ["bedrock", "bedrock-agent", "bedrock-agentcore-control", "sagemaker", "lambda", "iam", "xray", "securityhub", "events", "sns", "guardduty"];

    private readonly WebApplication _app;
    private readonly List<Route> _routes = [];
    private readonly ConcurrentDictionary<string, Func<FakeCall, FakeAnswer>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> ShapeErrors { get; } = new();
    public ConcurrentQueue<string> SignatureErrors { get; } = new();
    public ConcurrentQueue<string> Calls { get; } = new();
    public ConcurrentDictionary<string, int> MaxInFlight { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Also validate each request's input against the operation's input shape (off by default: the scanner's REST
    /// query members arrive as strings whatever their modelled type). The admin's sinks send JSON bodies only.
    /// </summary>
    public bool ValidateInputs { get; set; }

    /// <summary>How long each answer waits, to let concurrent calls overlap.</summary>
    public TimeSpan Latency { get; set; }

    private sealed record Route(string Service, string SigningName, string Operation, string Protocol, string Method, Regex? Path, string[] PathMembers, JsonObject Model);

    private FakeAws(WebApplication app)
    {
        _app = app;
        foreach (var service in Services)
        {
            var model = AwsModels.Load(service);
            var meta = model["metadata"]!;
            var protocol = meta["protocol"]!.GetValue<string>();
            var signing = meta["signingName"]?.GetValue<string>() ?? meta["endpointPrefix"]!.GetValue<string>();
            foreach (var (name, op) in model["operations"]!.AsObject())
            {
                var http = op!["http"]!;
                Regex? path = null;
                var members = new List<string>();
                if (protocol == "rest-json")
                {
                    var uri = http["requestUri"]!.GetValue<string>().Split('?')[0];
                    var pattern = Regex.Replace(Regex.Escape(uri).Replace("\\{", "{", StringComparison.Ordinal), @"\{([A-Za-z0-9]+)(\+?)\}", m =>
                    {
                        members.Add(m.Groups[1].Value);
                        return m.Groups[2].Value == "+" ? "(.+)" : "([^/]+)";
                    });
                    path = new Regex("^" + pattern + "$", RegexOptions.CultureInvariant);
                }

                _routes.Add(new Route(service, signing, name, protocol, http["method"]!.GetValue<string>(), path, [.. members], model));
            }
        }
    }

    public string Url { get; private set; } = "";

    public static async Task<FakeAws> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeAws(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Url = app.Urls.First();
        return fake;
    }

    /// <summary>Answers <paramref name="operation"/> (<c>bedrock-agent:ListAgents</c>) with <paramref name="handler"/>.</summary>
    public void On(string operation, Func<FakeCall, FakeAnswer> handler) => _handlers[operation] = handler;

    public void On(string operation, string json) => On(operation, _ => FakeAnswer.Ok(json));

    public int CallCount(string operation) => Calls.Count(c => c == operation);

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var rawPath = raw.Split('?')[0];
        var rawQuery = raw.Contains('?', StringComparison.Ordinal) ? raw[(raw.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";

        var signing = CheckSignature(context.Request, rawPath, rawQuery, body);
        if (signing is null)
        {
            await Write(context, "?", FakeAnswer.Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match"), "rest-json", "");
            return;
        }

        var (route, input) = Match(context.Request, signing, rawPath, rawQuery, body);
        if (route is null)
        {
            await Write(context, "?", FakeAnswer.Error(404, "UnknownOperationException", "no operation at " + context.Request.Method + " " + rawPath), "rest-json", "");
            return;
        }

        var key = route.Service + ":" + route.Operation;
        Calls.Enqueue(key);
        if (ValidateInputs)
        {
            foreach (var e in ShapeValidator.ValidateInput(route.Service, route.Operation, input))
            {
                ShapeErrors.Enqueue(e);
            }
        }

        var now = _inFlight.AddOrUpdate(route.Service, 1, (_, n) => n + 1);
        MaxInFlight.AddOrUpdate(route.Service, now, (_, n) => Math.Max(n, now));
        FakeAnswer answer;
        try
        {
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency);
            }

            answer = _handlers.TryGetValue(key, out var handler)
                ? handler(new FakeCall(route.Service, route.Operation, input) { Region = SigningRegion(context.Request) })
                : FakeAnswer.Error(500, "NoFakeAnswer", "the test gave no answer for " + key);
        }
        finally
        {
            // Out of flight before the answer is written: the client may send its next call as soon as it reads this one.
            _inFlight.AddOrUpdate(route.Service, 0, (_, n) => n - 1);
        }

        if (answer.Status == 200 && answer.Body is not null)
        {
            foreach (var e in ShapeValidator.ValidateOutput(route.Service, route.Operation, answer.Body))
            {
                ShapeErrors.Enqueue(e);
            }
        }

        await Write(context, route.Operation, answer, route.Protocol, route.Model["metadata"]!["xmlNamespace"]?.GetValue<string>() ?? "");
    }

    private (Route? Route, JsonObject Input) Match(HttpRequest request, string signing, string rawPath, string rawQuery, byte[] body)
    {
        var input = new JsonObject();
        var target = request.Headers["X-Amz-Target"].ToString();
        var form = request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true
            ? HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body))
            : null;
        foreach (var route in _routes)
        {
            if (route.SigningName != signing)
            {
                continue;
            }

            if (route.Protocol == "json")
            {
                if (target == route.Model["metadata"]!["targetPrefix"]!.GetValue<string>() + "." + route.Operation)
                {
                    return (route, JsonNode.Parse(body.Length == 0 ? "{}"u8 : body)!.AsObject());
                }

                continue;
            }

            if (route.Protocol == "query")
            {
                if (form?["Action"] == route.Operation)
                {
                    foreach (var k in form.AllKeys)
                    {
                        if (k is null or "Action" or "Version")
                        {
                            continue;
                        }

                        // A query map (Member.entry.N.Name, Member.entry.N.Value.Field) becomes the map it encodes.
                        if (QueryMapEntry().Match(k) is { Success: true } entry)
                        {
                            if (entry.Groups[3].Value == "Name")
                            {
                                var map = input[entry.Groups[1].Value] as JsonObject ?? [];
                                input[entry.Groups[1].Value] = map;
                                var value = new JsonObject();
                                var prefix = entry.Groups[1].Value + ".entry." + entry.Groups[2].Value + ".Value.";
                                foreach (var f in form.AllKeys)
                                {
                                    if (f is not null && f.StartsWith(prefix, StringComparison.Ordinal))
                                    {
                                        value[f[prefix.Length..]] = form[f];
                                    }
                                }

                                map[form[k]!] = value;
                            }

                            continue;
                        }

                        input[k] = form[k];
                    }

                    return (route, input);
                }

                continue;
            }

            if (route.Method != request.Method || route.Path!.Match(rawPath) is not { Success: true } m)
            {
                continue;
            }

            for (var i = 0; i < route.PathMembers.Length; i++)
            {
                input[route.PathMembers[i]] = Uri.UnescapeDataString(m.Groups[i + 1].Value);
            }

            var shapes = route.Model["shapes"]!.AsObject();
            var inputShape = route.Model["operations"]![route.Operation]!["input"]?["shape"]?.GetValue<string>();
            var query = HttpUtility.ParseQueryString(rawQuery);
            if (inputShape is not null)
            {
                foreach (var (member, def) in shapes[inputShape]!["members"]!.AsObject())
                {
                    if (def!["location"]?.GetValue<string>() == "querystring" && query[def["locationName"]!.GetValue<string>()] is { } value)
                    {
                        // A query string carries text; the member gets its modelled type, as the service parses it.
                        var kind = shapes[def["shape"]!.GetValue<string>()]!["type"]!.GetValue<string>();
                        input[member] = kind is "integer" or "long" && long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n)
                            : kind == "boolean" && bool.TryParse(value, out var b) ? JsonValue.Create(b)
                            : JsonValue.Create(value);
                    }
                }
            }

            if (body.Length > 0 && JsonNode.Parse(body) is JsonObject json)
            {
                foreach (var (k, v) in json)
                {
                    input[k] = v?.DeepClone();
                }
            }

            return (route, input);
        }

        return (null, input);
    }

    private static string SigningRegion(HttpRequest request) =>
        Regex.Match(request.Headers.Authorization.ToString(), @"Credential=[^/]+/\d{8}/([^/]+)/").Groups[1].Value;

    /// <summary>Recomputes the SigV4 signature with the test secret; returns the signing service, or null on a mismatch.</summary>
    private string? CheckSignature(HttpRequest request, string rawPath, string rawQuery, byte[] body)
    {
        var auth = request.Headers.Authorization.ToString();
        var m = Regex.Match(auth, @"^AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$");
        if (!m.Success || m.Groups[1].Value != AccessKey)
        {
            SignatureErrors.Enqueue("bad Authorization header: " + auth);
            return null;
        }

        var (date, region, service, signedHeaders, signature) = (m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value, m.Groups[5].Value, m.Groups[6].Value);
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        var canonical = new StringBuilder();
        canonical.Append(request.Method).Append('\n');
        canonical.Append(string.Join('/', rawPath.Split('/').Select(Encode))).Append('\n');
        var pairs = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Encode(Uri.UnescapeDataString(p[0])), Encode(Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))))
            .OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Item2, StringComparer.Ordinal);
        canonical.Append(string.Join('&', pairs.Select(p => p.Item1 + "=" + p.Item2))).Append('\n');
        foreach (var h in signedHeaders.Split(';'))
        {
            var value = h == "host" ? request.Host.Value : request.Headers[h].ToString();
            canonical.Append(h).Append(':').Append(value!.Trim()).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Convert.ToHexStringLower(SHA256.HashData(body)));
        var scope = date + "/" + region + "/" + service + "/aws4_request";
        var toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
        var key = Encoding.UTF8.GetBytes("AWS4" + SecretKey);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            SignatureErrors.Enqueue("signature mismatch for " + request.Method + " " + rawPath);
            return null;
        }

        return service;
    }

    private static string Encode(string s)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            var c = (char)b;
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' ? c.ToString() : "%" + b.ToString("X2"));
        }

        return sb.ToString();
    }

    private static async Task Write(HttpContext context, string operation, FakeAnswer answer, string protocol, string xmlNamespace)
    {
        context.Response.StatusCode = answer.Status;
        if (answer.ErrorCode is not null)
        {
            if (protocol == "query")
            {
                context.Response.ContentType = "text/xml";
                await context.Response.WriteAsync("<ErrorResponse><Error><Type>Sender</Type><Code>" + answer.ErrorCode + "</Code><Message>denied</Message></Error></ErrorResponse>");
                return;
            }

            context.Response.Headers["x-amzn-ErrorType"] = answer.ErrorCode + ":http://internal.amazon.com/";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Raw ?? "{}");
            return;
        }

        if (answer.Body is null)
        {
            context.Response.ContentType = answer.ContentType;
            await context.Response.WriteAsync(answer.Raw ?? "");
            return;
        }

        if (protocol == "query")
        {
            XNamespace ns = xmlNamespace;
            var result = new XElement(ns + (operation + "Result"), ToXml(ns, answer.Body.AsObject()));
            var doc = new XElement(ns + (operation + "Response"), result, new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", "fake")));
            context.Response.ContentType = "text/xml";
            await context.Response.WriteAsync(doc.ToString(SaveOptions.DisableFormatting));
            return;
        }

        context.Response.ContentType = protocol == "json" ? "application/x-amz-json-1.1" : "application/json";
        await context.Response.WriteAsync(answer.Body.ToJsonString());
    }

    private static IEnumerable<XElement> ToXml(XNamespace ns, JsonObject o)
    {
        foreach (var (k, v) in o)
        {
            yield return new XElement(ns + k, Content(ns, v));
        }
    }

    private static object? Content(XNamespace ns, JsonNode? v) => v switch
    {
        JsonObject o => ToXml(ns, o).ToArray(),
        JsonArray a => a.Select(item => new XElement(ns + "member", Content(ns, item))).ToArray(),
        JsonValue value when value.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => value.GetValue<bool>() ? "true" : "false",
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [GeneratedRegex(@"^(\w+)\.entry\.(\d+)\.(Name|Value\..+)$")]
    private static partial Regex QueryMapEntry();
}
