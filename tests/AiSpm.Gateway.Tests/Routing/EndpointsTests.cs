using AiSpm.Gateway.Routing;

namespace AiSpm.Gateway.Tests.Routing;

public class EndpointsTests
{
    [Theory]
    [InlineData("/v1/chat/completions", "ChatCompletions")]
    [InlineData("/v1/chat/completions/", "ChatCompletions")]
    [InlineData("/V1/Chat/Completions", "ChatCompletions")]
    [InlineData("/v1/CHAT/COMPLETIONS//", "ChatCompletions")]
    [InlineData("/v1/completions", "Completions")]
    [InlineData("/v1/Responses/", "Responses")]
    [InlineData("/V1/EMBEDDINGS", "Embeddings")]
    [InlineData("/v1/messages/", "Messages")]
    [InlineData("/v1/models", "Models")]
    [InlineData("/v1/chat/completions/x", "Other")]
    [InlineData("/v1/chat", "Other")]
    [InlineData("/v1/chat%2Fcompletions", "Other")]
    [InlineData("/v1/threads/thread_1/messages", "Other")]
    [InlineData("/v1/", "Other")]
    [InlineData("/v1", "Other")]
    [InlineData("/v2/chat/completions", "Other")]
    [InlineData("", "Other")]
    public void KnownEndpointsAreRecognisedWhateverTheirCaseOrTrailingSlashes(string path, string expected)
    {
        Assert.Equal(expected, Endpoints.Classify(path).ToString());
    }

    [Fact]
    public void ARequestToAnotherSpellingIsForwardedToTheCanonicalPath()
    {
        var kind = Endpoints.Classify("/V1/Chat/Completions/");
        Assert.Equal("/chat/completions", Endpoints.UpstreamSuffix(kind, "/V1/Chat/Completions/"));
    }
}
