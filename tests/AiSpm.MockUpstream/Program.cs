using AiSpm.MockUpstream;
using AiSpm.MockUpstream.Serving;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

var options = MockOptions.Parse(args, out var error);
if (options is null)
{
    if (string.IsNullOrEmpty(error))
    {
        Console.Out.WriteLine(MockOptions.Usage);
        return 0;
    }

    Console.Error.WriteLine("mock upstream: " + error);
    Console.Error.WriteLine(MockOptions.Usage);
    return 2;
}

// Configuration is not read from args: the mock's own flags would be taken as configuration keys.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "AiSpm.MockUpstream" });
builder.WebHost.UseUrls(options.Listen);
builder.WebHost.ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    k.Limits.MaxRequestBodySize = null;
});

// stdout carries exactly one line (the address); logs go to stderr.
builder.Logging.ClearProviders();
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("AiSpm.MockUpstream", LogLevel.Information);

builder.Services.AddResponseCompression(o =>
{
    o.EnableForHttps = true;
    o.MimeTypes = ["application/json", "text/event-stream"];
    o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
});

var app = builder.Build();

// x-mock-compress: gzip compresses like a provider behind a CDN, when the request's Accept-Encoding allows it;
// "always" compresses whatever the request accepts, as a misbehaving upstream would.
app.UseWhen(ctx => ctx.Request.Headers.ContainsKey("x-mock-compress"), branch =>
{
    branch.Use((ctx, next) =>
    {
        if (ctx.Request.Headers["x-mock-compress"] == "always")
        {
            ctx.Request.Headers.AcceptEncoding = "gzip";
        }

        return next(ctx);
    });
    branch.UseResponseCompression();
});
var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AiSpm.MockUpstream");
var endpoints = new MockEndpoints(options, new MockStats(), logger);

app.MapPost("/v1/chat/completions", endpoints.ChatCompletions);
app.MapPost("/v1/completions", endpoints.Completions);
app.MapPost("/v1/responses", endpoints.Responses);
app.MapPost("/v1/embeddings", endpoints.Embeddings);
app.MapPost("/v1/messages", endpoints.Messages);
app.MapGet("/v1/models", endpoints.Models);
app.MapGet("/mock/stats", endpoints.Stats);
app.Map("/v1/{**rest}", endpoints.Unknown);

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
    foreach (var address in addresses)
    {
        Log.Listening(logger, address);
        Console.Out.WriteLine("upstream: " + address);
        Console.Out.Flush();
        break;
    }
});

await app.RunAsync();
return 0;
