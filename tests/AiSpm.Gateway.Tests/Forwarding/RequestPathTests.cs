using AiSpm.Gateway.Forwarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AiSpm.Gateway.Tests.Forwarding;

public sealed class RequestPathTests
{
    [Theory]
    [InlineData("/v1/files/a%2Fb")]
    [InlineData("/v1/files/a%2fb")]
    [InlineData("/v1/models%2F..%2Fadmin")]
    [InlineData("/v1/files/a%5Cb")]
    [InlineData("/v1/files/a%5cb")]
    [InlineData("/v1/files/a\\b")]
    public void AnEncodedSeparatorInThePathIsFound(string raw) => Assert.True(RequestPath.HasEncodedSeparator(Context(raw)));

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/files/a%20b")]
    [InlineData("/v1/files/100%25")]
    [InlineData("/v1/files/x%2")]
    [InlineData("/v1/files/x?after=a%2Fb")]
    public void OtherPathsAndEncodedSlashesInTheQueryPass(string raw) => Assert.False(RequestPath.HasEncodedSeparator(Context(raw)));

    private static DefaultHttpContext Context(string raw)
    {
        var context = new DefaultHttpContext();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = raw;
        return context;
    }
}
