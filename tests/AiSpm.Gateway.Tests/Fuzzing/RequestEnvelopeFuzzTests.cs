using System.Text.Json;
using AiSpm.Gateway.Forwarding;
using AiSpm.Testing.Fuzzing;
using CsCheck;

namespace AiSpm.Gateway.Tests.Fuzzing;

public class RequestEnvelopeFuzzTests
{
    [Fact]
    public void AgreesWithJsonDocumentOnEveryMutatedBody() =>
        FuzzInputs.Mutated(FuzzSeeds.RequestBodies).Sample(body =>
        {
            var model = new char[RequestEnvelope.MaxModelLength];
            var status = RequestEnvelope.TryRead(body, model, out var envelope);
            var expected = Reference(body, out var expectedModel, out var expectedStream);
            Assert.Equal(expected, status);
            if (status == RequestEnvelopeStatus.Ok && expectedModel is not null)
            {
                Assert.Equal(expectedModel, new string(model, 0, envelope.ModelLength));
                Assert.Equal(expectedStream, envelope.Stream);
            }
        }, iter: FuzzInputs.Iterations);

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'m', (byte)'o', (byte)'d', (byte)'e', (byte)'l', (byte)'"', (byte)':', (byte)'"', 0xC0, 0x80, (byte)'"', (byte)'}' })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'m', (byte)'o', (byte)'d', (byte)'e', (byte)'l', (byte)'"', (byte)':', (byte)'"', 0xED, 0xA0, 0x80, (byte)'"', (byte)'}' })]
    public void ModelThatIsNotUtf8IsInvalidJsonNotACrash(byte[] body)
    {
        var model = new char[RequestEnvelope.MaxModelLength];
        Assert.Equal(RequestEnvelopeStatus.InvalidJson, RequestEnvelope.TryRead(body, model, out _));
    }

    /// <summary>What the envelope should say, from the framework's own parser (only top-level fields count).</summary>
    private static RequestEnvelopeStatus Reference(byte[] body, out string? model, out bool stream)
    {
        model = null;
        stream = false;
        var first = new Utf8JsonReader(body);
        try
        {
            if (!first.Read() || first.TokenType != JsonTokenType.StartObject)
            {
                return RequestEnvelopeStatus.NotAnObject;
            }

            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 128 });
            var models = 0;
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.NameEquals("model"))
                {
                    models++;
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        var name = property.Value.GetString()!;
                        if (name.Length > RequestEnvelope.MaxModelLength)
                        {
                            return RequestEnvelopeStatus.InvalidJson;
                        }

                        model = name;
                    }
                }
                else if (property.NameEquals("stream"))
                {
                    stream = property.Value.ValueKind == JsonValueKind.True;
                }
            }

            if (models != 1)
            {
                model = null;
            }

            return RequestEnvelopeStatus.Ok;
        }
        catch (JsonException)
        {
            return RequestEnvelopeStatus.InvalidJson;
        }
        catch (InvalidOperationException)
        {
            // GetString on a string that is not valid UTF-8.
            return RequestEnvelopeStatus.InvalidJson;
        }
    }
}
