using System.Text;

namespace AiSpm.Rego.Values;

public sealed class RegoObject : RegoValue
{
    public static readonly RegoObject Empty = new(new Dictionary<RegoValue, RegoValue>());

    private readonly Dictionary<RegoValue, RegoValue> _items;
    private RegoValue[]? _sortedKeys;
    private int _hash;

    public RegoObject(Dictionary<RegoValue, RegoValue> items) => _items = items;

    public int Count => _items.Count;

    public IReadOnlyDictionary<RegoValue, RegoValue> Items => _items;

    public RegoValue? Get(RegoValue key) => _items.TryGetValue(key, out var v) ? v : null;

    public RegoValue? Get(string key) => _items.TryGetValue(new RegoString(key), out var v) ? v : null;

    /// <summary>The keys in OPA's order.</summary>
    public RegoValue[] SortedKeys
    {
        get
        {
            if (_sortedKeys is null)
            {
                var a = new RegoValue[_items.Count];
                _items.Keys.CopyTo(a, 0);
                Array.Sort(a);
                _sortedKeys = a;
            }

            return _sortedKeys;
        }
    }

    public override ValueKind Kind => ValueKind.Object;

    private protected override int CompareSameKind(RegoValue other)
    {
        var o = (RegoObject)other;
        var a = SortedKeys;
        var b = o.SortedKeys;
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0)
            {
                return c;
            }

            c = _items[a[i]].CompareTo(o._items[b[i]]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private protected override bool EqualsSameKind(RegoValue other)
    {
        var o = (RegoObject)other;
        if (o.Count != Count)
        {
            return false;
        }

        foreach (var kv in _items)
        {
            if (!o._items.TryGetValue(kv.Key, out var v) || !v.Equals(kv.Value))
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var h = 5;
            foreach (var kv in _items)
            {
                h ^= HashCode.Combine(kv.Key.GetHashCode(), kv.Value.GetHashCode());
            }

            _hash = h == 0 ? 1 : h;
        }

        return _hash;
    }

    internal override void WriteJson(StringBuilder sb)
    {
        sb.Append('{');
        var keys = SortedKeys;
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            if (keys[i] is RegoString s)
            {
                s.WriteJson(sb);
            }
            else
            {
                RegoString.WriteQuoted(sb, keys[i].ToJson());
            }

            sb.Append(':');
            _items[keys[i]].WriteJson(sb);
        }

        sb.Append('}');
    }
}
