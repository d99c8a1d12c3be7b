namespace AiSpm.Detection;

/// <summary>A growable, reusable list of findings; callers keep one per request and <see cref="Clear"/> it.</summary>
public sealed class FindingList
{
    private Finding[] _items;

    public FindingList(int capacity = 16) => _items = new Finding[Math.Max(1, capacity)];

    public int Count { get; private set; }

    public ref readonly Finding this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return ref _items[index];
        }
    }

    public ReadOnlySpan<Finding> AsSpan() => _items.AsSpan(0, Count);

    public void Add(in Finding finding)
    {
        if (Count == _items.Length)
        {
            Grow();
        }

        _items[Count++] = finding;
    }

    public void Clear() => Count = 0;

    /// <summary>Drops the findings added after the first <paramref name="count"/>.</summary>
    public void Truncate(int count) => Count = Math.Clamp(count, 0, Count);

    internal void Set(int index, in Finding finding) => _items[index] = finding;

    private void Grow() => Array.Resize(ref _items, _items.Length * 2);
}
