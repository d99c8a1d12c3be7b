using System.Text;

namespace AiSpm.Rego.Values;

/// <summary>An immutable Rego value. Equality and ordering follow OPA: kinds order null, boolean, number, string, array, object, set; 1 equals 1.0.</summary>
public abstract class RegoValue : IComparable<RegoValue>, IEquatable<RegoValue>
{
    public abstract ValueKind Kind { get; }

    public int CompareTo(RegoValue? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (ReferenceEquals(this, other))
        {
            return 0;
        }

        var k = Kind.CompareTo(other.Kind);
        return k != 0 ? k : CompareSameKind(other);
    }

    private protected abstract int CompareSameKind(RegoValue other);

    public bool Equals(RegoValue? other) => other is not null && (ReferenceEquals(this, other) || (Kind == other.Kind && EqualsSameKind(other)));

    private protected abstract bool EqualsSameKind(RegoValue other);

    public override bool Equals(object? obj) => obj is RegoValue v && Equals(v);

    public abstract override int GetHashCode();

    /// <summary>The value as JSON text (sets as arrays, non-string object keys as their JSON text).</summary>
    public string ToJson()
    {
        var sb = new StringBuilder();
        WriteJson(sb);
        return sb.ToString();
    }

    internal abstract void WriteJson(StringBuilder sb);

    public override string ToString() => ToJson();

    public static bool operator ==(RegoValue? a, RegoValue? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(RegoValue? a, RegoValue? b) => !(a == b);

    public static bool operator <(RegoValue a, RegoValue b) => a.CompareTo(b) < 0;

    public static bool operator >(RegoValue a, RegoValue b) => a.CompareTo(b) > 0;

    public static bool operator <=(RegoValue a, RegoValue b) => a.CompareTo(b) <= 0;

    public static bool operator >=(RegoValue a, RegoValue b) => a.CompareTo(b) >= 0;

    /// <summary>OPA's type name: null, boolean, number, string, array, object, set.</summary>
    public string TypeName => Kind switch
    {
        ValueKind.Null => "null",
        ValueKind.Boolean => "boolean",
        ValueKind.Number => "number",
        ValueKind.String => "string",
        ValueKind.Array => "array",
        ValueKind.Object => "object",
        _ => "set",
    };
}
