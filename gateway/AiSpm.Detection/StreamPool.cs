namespace AiSpm.Detection;

/// <summary>
/// A small lock-free pool of reset <see cref="StreamInspector"/>s (the shape of Microsoft.Extensions.ObjectPool's
/// default pool): a fixed array of slots taken and filled with <see cref="Interlocked"/> exchanges, no allocation.
/// A full pool refuses an item and the caller releases it.
/// </summary>
internal sealed class StreamPool(int capacity)
{
    private readonly StreamInspector?[] _items = new StreamInspector?[capacity];

    public StreamInspector? Rent()
    {
        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            var item = Volatile.Read(ref items[i]);
            if (item is not null && Interlocked.CompareExchange(ref items[i], null, item) == item)
            {
                return item;
            }
        }

        return null;
    }

    public bool Return(StreamInspector item)
    {
        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            if (Volatile.Read(ref items[i]) is null && Interlocked.CompareExchange(ref items[i], item, null) is null)
            {
                return true;
            }
        }

        return false;
    }
}
