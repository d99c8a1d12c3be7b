using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace AiSpm.Detection.Scoring;

public sealed partial class ScorerModel
{
    public const string FormatName = "aispm-linear-scorer";
    public const int FormatVersion = 1;
    public const string WeightEncoding = "float16-le";

    /// <summary>
    /// Reads a model header and its weights file. Every problem (missing file, bad JSON, truncated or altered
    /// weights, a model built with other features) is an <see cref="InvalidDataException"/> naming the file.
    /// </summary>
    public static ScorerModel Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new InvalidDataException($"scorer model '{fullPath}' does not exist.");
        }

        Header header;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(fullPath));
            header = Header.Parse(document.RootElement, fullPath);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"scorer model '{fullPath}' is not valid JSON: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"scorer model '{fullPath}' has a malformed header: {ex.Message}", ex);
        }

        var weightsPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(fullPath)!, header.WeightsFile));
        var weights = ReadWeights(weightsPath, header);
        var model = new ScorerModel(header.BucketBits, header.WindowBytes, header.Categories, header.Biases, header.Thresholds, weights);
        model.Validate(fullPath);
        return model;
    }

    private static float[] ReadWeights(string weightsPath, Header header)
    {
        if (!File.Exists(weightsPath))
        {
            throw new InvalidDataException($"scorer weights '{weightsPath}' do not exist.");
        }

        var expected = (long)header.Categories.Length << header.BucketBits;
        var bytes = File.ReadAllBytes(weightsPath);
        if (bytes.LongLength != expected * 2)
        {
            throw new InvalidDataException(
                $"scorer weights '{weightsPath}' are {bytes.LongLength} bytes; expected {expected * 2} (truncated or from another model).");
        }

        var actualHash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actualHash, header.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException(
                $"scorer weights '{weightsPath}' are corrupted: SHA-256 {actualHash} does not match {header.Sha256} in the model header.");
        }

        var weights = new float[expected];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(i * 2, 2));
        }

        return weights;
    }

    private sealed record Header(int BucketBits, int WindowBytes, string[] Categories, float[] Biases, float[] Thresholds, string WeightsFile, string Sha256)
    {
        public static Header Parse(JsonElement root, string path)
        {
            var format = root.GetProperty("format").GetString();
            var version = root.GetProperty("formatVersion").GetInt32();
            if (format != FormatName || version != FormatVersion)
            {
                throw new InvalidDataException($"scorer model '{path}' is '{format}' version {version}; expected '{FormatName}' version {FormatVersion}.");
            }

            var featureVersion = root.GetProperty("featureVersion").GetInt32();
            if (featureVersion != FeatureExtractor.FeatureVersion)
            {
                throw new InvalidDataException(
                    $"scorer model '{path}' was trained with feature version {featureVersion}; this build extracts version {FeatureExtractor.FeatureVersion}. Retrain with ./aispm train.");
            }

            var classes = root.GetProperty("classes");
            var count = classes.GetArrayLength();
            if (count is < 1 or > MaxClasses)
            {
                throw new InvalidDataException($"scorer model '{path}' has {count} classes; 1 to {MaxClasses} are supported.");
            }

            var categories = new string[count];
            var biases = new float[count];
            var thresholds = new float[count];
            var i = 0;
            foreach (var item in classes.EnumerateArray())
            {
                categories[i] = item.GetProperty("category").GetString() ?? "";
                biases[i] = item.GetProperty("bias").GetSingle();
                thresholds[i] = item.GetProperty("threshold").GetSingle();
                i++;
            }

            var weights = root.GetProperty("weights");
            var encoding = weights.GetProperty("encoding").GetString();
            if (encoding != WeightEncoding)
            {
                throw new InvalidDataException($"scorer model '{path}' uses weight encoding '{encoding}'; only '{WeightEncoding}' is supported.");
            }

            var file = weights.GetProperty("file").GetString();
            if (string.IsNullOrEmpty(file) || file.Contains('/', StringComparison.Ordinal) || file.Contains('\\', StringComparison.Ordinal))
            {
                throw new InvalidDataException($"scorer model '{path}' must name its weights file as a plain file name next to it.");
            }

            return new Header(
                root.GetProperty("bucketBits").GetInt32(),
                root.GetProperty("windowBytes").GetInt32(),
                categories,
                biases,
                thresholds,
                file,
                weights.GetProperty("sha256").GetString() ?? "");
        }
    }
}
