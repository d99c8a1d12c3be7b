using AiSpm.Gateway.Health;
using Microsoft.AspNetCore.Http;

namespace AiSpm.Gateway.Tests.Health;

public sealed class ManagementAccessTests
{
    [Fact]
    public void WithoutATokenOnLoopbackEverythingIsOpen()
    {
        var access = new ManagementAccess(token: null, loopback: true);

        Assert.True(access.MayReadMetrics(Request(null)));
        Assert.True(access.MayReadDetails(Request(null)));
    }

    [Fact]
    public void WithoutATokenOnAPublicListenerReadinessHidesItsDetail()
    {
        var access = new ManagementAccess(token: null, loopback: false);

        Assert.True(access.MayReadMetrics(Request(null)));
        Assert.False(access.MayReadDetails(Request(null)));
        Assert.False(access.MayReadDetails(Request("Bearer anything")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WithATokenOnlyItsBearerReadsMetricsAndDetail(bool loopback)
    {
        var access = new ManagementAccess("mgmt-token-123", loopback);

        Assert.False(access.MayReadMetrics(Request(null)));
        Assert.False(access.MayReadMetrics(Request("Bearer mgmt-token-12")));
        Assert.False(access.MayReadMetrics(Request("Bearer mgmt-token-1234")));
        Assert.False(access.MayReadDetails(Request("mgmt-token-123")));
        Assert.True(access.MayReadMetrics(Request("Bearer mgmt-token-123")));
        Assert.True(access.MayReadDetails(Request("Bearer mgmt-token-123")));
    }

    private static HttpRequest Request(string? authorization)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context.Request;
    }
}
