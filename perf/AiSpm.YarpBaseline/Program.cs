using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Yarp.ReverseProxy.Configuration;

// usage: AiSpm.YarpBaseline --upstream http://127.0.0.1:9000 [--listen http://127.0.0.1:0]
// Every path goes to the upstream unchanged; prints "yarp: http://127.0.0.1:PORT" once listening.
string? upstream = null;
var listen = "http://127.0.0.1:0";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--upstream" when i + 1 < args.Length: upstream = args[++i]; break;
        case "--listen" when i + 1 < args.Length: listen = args[++i]; break;
        default:
            Console.Error.WriteLine($"yarp: unknown argument '{args[i]}'");
            return 2;
    }
}

if (upstream is null || !Uri.TryCreate(upstream, UriKind.Absolute, out _))
{
    Console.Error.WriteLine("usage: AiSpm.YarpBaseline --upstream http://127.0.0.1:PORT [--listen http://127.0.0.1:0]");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(listen);
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "{**catch-all}" } }],
    [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["mock"] = new() { Address = upstream } } }]);

var app = builder.Build();
app.MapReverseProxy();
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"yarp: {address}");
await app.WaitForShutdownAsync();
return 0;
