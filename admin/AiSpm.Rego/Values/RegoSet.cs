using System.Text;

namespace AiSpm.Rego.Values;

public sealed class RegoSet : RegoValue
{
    public static readonly RegoSet Empty = new(new HashSet<RegoValue>());

    private readonly HashSet<RegoValue> _items;
    private RegoValue[]? _sorted;
    private int _hash;

    public RegoSet(HashSet<RegoValue> items) => _items = items;

    public static RegoSet From(IEnumerable<RegoValue> items) => new(new HashSet<RegoValue>(items));

    public int Count => _items.Count;

    public bool Contains(RegoValue v) => _items.Contains(v);

    public IReadOnlySet<RegoValue> Items => _items;

    /// <summary>The members in OPA's order.</summary>
    public RegoValue[] Sorted
    {
        get
        {
            if (_sorted is null)
            {
                var a = new RegoValue[_items.Count];
                _items.CopyTo(a);
                Array.Sort(a);
                _sorted = a;
            }

            return _sorted;
        }
    }

    public override ValueKind Kind => ValueKind.Set;

    private protected override int CompareSameKind(RegoValue other)
    {
        var a = Sorted;
        var b = ((RegoSet)other).Sorted;
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private protected override bool EqualsSameKind(RegoValue other)
    {
        var o = (RegoSet)other;
        return o.Count == Count && _items.SetEquals(o._items);
    }

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var h = 6;
            foreach (var v in _items)
            {
                h ^= v.GetHashCode() * 31;
            }

            _hash = h == 0 ? 1 : h;
        }

        return _hash;
    }

    internal override void WriteJson(StringBuilder sb)
    {
        sb.Append('[');
        var s = Sorted;
        for (var i = 0; i < s.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            s[i].WriteJson(sb);
        }

        sb.Append(']');
    }
}
