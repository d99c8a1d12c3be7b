using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AiSpm.Detection.Scoring;

public sealed partial class ScorerModel
{
    /// <summary>
    /// Writes the header to <paramref name="path"/> and the float16 weights next to it as
    /// <paramref name="weightsFileName"/>. <paramref name="writeTrainingInfo"/> may add a "training" object that the
    /// loader ignores (seed, epochs, metrics), so the file documents how it was made. Output is byte-for-byte
    /// deterministic for the same model.
    /// </summary>
    public void Write(string path, string weightsFileName, Action<Utf8JsonWriter>? writeTrainingInfo = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(weightsFileName);
        Validate(path);

        var bytes = new byte[_weights.Length * 2];
        for (var i = 0; i < _weights.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2, 2), (Half)_weights[i]);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, weightsFileName), bytes);

        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("format", FormatName);
        json.WriteNumber("formatVersion", FormatVersion);
        json.WriteNumber("featureVersion", FeatureExtractor.FeatureVersion);
        json.WriteString("features", "hashed lower-cased word unigrams, six-byte stems and bigrams (first 16 bytes and length, multiplicative hash), count vector / sqrt(feature count)");
        json.WriteNumber("bucketBits", BucketBits);
        json.WriteNumber("windowBytes", WindowBytes);
        json.WriteStartArray("classes");
        for (var c = 0; c < _categories.Length; c++)
        {
            json.WriteStartObject();
            json.WriteString("category", _categories[c]);
            json.WriteNumber("bias", _biases[c]);
            json.WriteNumber("threshold", _thresholds[c]);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("weights");
        json.WriteString("file", weightsFileName);
        json.WriteString("encoding", WeightEncoding);
        json.WriteString("layout", "bucket-major: weights[bucket * classes + class]");
        json.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(bytes)));
        json.WriteEndObject();
        if (writeTrainingInfo is not null)
        {
            json.WritePropertyName("training");
            writeTrainingInfo(json);
        }

        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
