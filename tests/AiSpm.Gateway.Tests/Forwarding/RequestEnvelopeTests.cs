using System.Text;
using AiSpm.Gateway.Forwarding;

namespace AiSpm.Gateway.Tests.Forwarding;

public class RequestEnvelopeTests
{
    [Theory]
    [InlineData("{\"model\":\"gpt-4o\",\"stream\":true}", "gpt-4o", true)]
    [InlineData("{ \"messages\": [{\"role\":\"user\",\"content\":\"{\\\"model\\\":\\\"x\\\"}\"}], \"model\" : \"m\\u0031\" }", "m1", false)]
    [InlineData("{\"stream\":false,\"model\":\"claude-3\"}", "claude-3", false)]
    public void ReadsModelAndStream(string json, string model, bool stream)
    {
        Span<char> buffer = stackalloc char[RequestEnvelope.MaxModelLength];
        Assert.Equal(RequestEnvelopeStatus.Ok, RequestEnvelope.TryRead(Encoding.UTF8.GetBytes(json), buffer, out var envelope));
        Assert.Equal(model, new string(buffer[..envelope.ModelLength]));
        Assert.Equal(stream, envelope.Stream);
    }

    [Theory]
    [InlineData("{\"model\":")]
    [InlineData("{\"model\":\"a\"} trailing")]
    [InlineData("{\"model\":\"a\",}")]
    [InlineData("")]
    public void RejectsMalformedJson(string json)
    {
        Span<char> buffer = stackalloc char[RequestEnvelope.MaxModelLength];
        Assert.Equal(RequestEnvelopeStatus.InvalidJson, RequestEnvelope.TryRead(Encoding.UTF8.GetBytes(json), buffer, out _));
    }

    [Fact]
    public void RejectsANonObject()
    {
        Span<char> buffer = stackalloc char[RequestEnvelope.MaxModelLength];
        Assert.Equal(RequestEnvelopeStatus.NotAnObject, RequestEnvelope.TryRead("[1,2]"u8, buffer, out _));
    }

    [Fact]
    public void AModelNameLongerThanAnyRealOneIsMalformed()
    {
        Span<char> buffer = stackalloc char[RequestEnvelope.MaxModelLength];
        var json = "{\"model\":\"" + new string('m', 300) + "\"}";
        Assert.Equal(RequestEnvelopeStatus.InvalidJson, RequestEnvelope.TryRead(Encoding.UTF8.GetBytes(json), buffer, out _));
    }

    [Fact]
    public void NoModelIsReportedAsMissing()
    {
        Span<char> buffer = stackalloc char[RequestEnvelope.MaxModelLength];
        Assert.Equal(RequestEnvelopeStatus.Ok, RequestEnvelope.TryRead("{\"messages\":[]}"u8, buffer, out var envelope));
        Assert.False(envelope.HasModel);
    }
}
