using System.Buffers;

namespace AiSpm.Detection.Engines;

/// <summary>
/// One <see cref="SearchValues{T}"/> per distinct set of barrier bytes while a plan is built: most sentence patterns
/// stop at the same '.', '?', '!' and newline, so they share one set.
/// </summary>
internal sealed class ByteSets
{
    private readonly Dictionary<string, SearchValues<byte>> _sets = new(StringComparer.Ordinal);

    /// <summary>The shared set of <paramref name="bytes"/>, or null when there are none.</summary>
    public SearchValues<byte>? Of(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return null;
        }

        var key = Convert.ToHexString(bytes);
        if (!_sets.TryGetValue(key, out var values))
        {
            values = SearchValues.Create(bytes);
            _sets.Add(key, values);
        }

        return values;
    }
}
