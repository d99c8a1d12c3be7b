using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text.Json;

namespace AiSpm.MockUpstream.Serving;

/// <summary>What the mock needs from a request body, read in one pass without materializing it.</summary>
internal sealed class RequestBody
{
    public string Model { get; private set; } = "mock-model";

    public bool Stream { get; private set; }

    public bool IncludeUsage { get; private set; }

    public int Inputs { get; private set; } = 1;

    public bool Base64 { get; private set; }

    public int Dimensions { get; private set; } = 8;

    public long Length { get; private set; }

    public bool Valid { get; private set; } = true;

    public string? Sha256Hex { get; private set; }

    public static async Task<RequestBody> ReadAsync(PipeReader reader, bool hash, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            if (result.IsCompleted)
            {
                var body = new RequestBody();
                try
                {
                    body.Inspect(result.Buffer, hash);
                }
                finally
                {
                    reader.AdvanceTo(result.Buffer.End);
                }

                return body;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private void Inspect(ReadOnlySequence<byte> buffer, bool hash)
    {
        Length = buffer.Length;
        if (hash)
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var segment in buffer)
            {
                sha.AppendData(segment.Span);
            }

            Sha256Hex = Convert.ToHexStringLower(sha.GetHashAndReset());
        }

        if (buffer.IsEmpty)
        {
            return;
        }

        try
        {
            Parse(buffer);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a property name or string escaping a lone surrogate (\udfff) reads as JSON
            // but cannot be compared or decoded; a real provider answers such a body 400 too.
            Valid = false;
        }
    }

    private void Parse(ReadOnlySequence<byte> buffer)
    {
        var reader = new Utf8JsonReader(buffer, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            Valid = false;
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    Model = reader.GetString()!;
                }
            }
            else if (reader.ValueTextEquals("stream"u8))
            {
                reader.Read();
                Stream = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("encoding_format"u8))
            {
                reader.Read();
                Base64 = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("base64"u8);
            }
            else if (reader.ValueTextEquals("dimensions"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var d))
                {
                    Dimensions = d;
                }
            }
            else if (reader.ValueTextEquals("stream_options"u8))
            {
                reader.Read();
                ReadStreamOptions(ref reader);
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                Inputs = CountInputs(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Drain so trailing garbage after the object is reported as invalid JSON, like a real API would.
        while (reader.Read())
        {
        }
    }

    private void ReadStreamOptions(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            if (isUsage)
            {
                IncludeUsage = reader.TokenType == JsonTokenType.True;
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>A string or token array is one input; an array of strings or token arrays is one per element.</summary>
    private static int CountInputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return 1;
        }

        var count = 0;
        var tokenArray = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count == 0 && reader.TokenType == JsonTokenType.Number)
            {
                tokenArray = true;
            }

            count++;
            reader.Skip();
        }

        return tokenArray ? 1 : Math.Max(1, count);
    }
}
