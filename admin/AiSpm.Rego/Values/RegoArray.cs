using System.Text;

namespace AiSpm.Rego.Values;

public sealed class RegoArray : RegoValue
{
    public static readonly RegoArray Empty = new([]);

    public RegoArray(RegoValue[] items) => Items = items;

    public RegoValue[] Items { get; }

    public int Count => Items.Length;

    public override ValueKind Kind => ValueKind.Array;

    private protected override int CompareSameKind(RegoValue other)
    {
        var o = ((RegoArray)other).Items;
        var n = Math.Min(Items.Length, o.Length);
        for (var i = 0; i < n; i++)
        {
            var c = Items[i].CompareTo(o[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return Items.Length.CompareTo(o.Length);
    }

    private protected override bool EqualsSameKind(RegoValue other)
    {
        var o = ((RegoArray)other).Items;
        if (o.Length != Items.Length)
        {
            return false;
        }

        for (var i = 0; i < o.Length; i++)
        {
            if (!Items[i].Equals(o[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(4);
        foreach (var v in Items)
        {
            h.Add(v.GetHashCode());
        }

        return h.ToHashCode();
    }

    internal override void WriteJson(StringBuilder sb)
    {
        sb.Append('[');
        for (var i = 0; i < Items.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            Items[i].WriteJson(sb);
        }

        sb.Append(']');
    }
}
