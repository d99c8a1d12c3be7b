using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Routing;

namespace AiSpm.Gateway.Tests.Routing;

public class ModelRouterTests
{
    [Fact]
    public void ExactBeatsPrefixBeatsWildcard()
    {
        using var router = new ModelRouter(new GatewayOptions
        {
            Upstreams = new(StringComparer.OrdinalIgnoreCase)
            {
                ["exact"] = new UpstreamOptions { BaseUrl = "http://127.0.0.1:1/v1" },
                ["prefix"] = new UpstreamOptions { BaseUrl = "http://127.0.0.1:2/v1" },
                ["any"] = new UpstreamOptions { BaseUrl = "http://127.0.0.1:3/v1" },
            },
            Routes =
            [
                new RouteOptions { Model = "*", Upstream = "any" },
                new RouteOptions { Model = "gpt-4o*", Upstream = "prefix" },
                new RouteOptions { Model = "gpt-4o-mini", Upstream = "exact" },
            ],
        });
        Assert.Equal("exact", router.Resolve("gpt-4o-mini")!.Name);
        Assert.Equal("prefix", router.Resolve("gpt-4o-2024")!.Name);
        Assert.Equal("any", router.Resolve("claude")!.Name);
    }

    [Fact]
    public void NoMatchWithoutWildcardIsNull()
    {
        using var router = new ModelRouter(new GatewayOptions
        {
            Upstreams = new(StringComparer.OrdinalIgnoreCase) { ["a"] = new UpstreamOptions { BaseUrl = "http://127.0.0.1:1/v1" } },
            Routes = [new RouteOptions { Model = "gpt-*", Upstream = "a" }],
        });
        Assert.Null(router.Resolve("claude-3"));
        Assert.Equal("http://127.0.0.1:1/v1/chat/completions", router.Resolve("gpt-x")!.BuildUri(EndpointKind.ChatCompletions, "/v1/chat/completions", default).ToString());
        Assert.Equal("http://127.0.0.1:1/v1/files?purpose=x", router.Resolve("gpt-x")!.BuildUri(EndpointKind.Other, "/v1/files", new Microsoft.AspNetCore.Http.QueryString("?purpose=x")).ToString());
    }
}
