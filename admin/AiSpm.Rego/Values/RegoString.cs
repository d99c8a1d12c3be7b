using System.Text;

namespace AiSpm.Rego.Values;

public sealed class RegoString : RegoValue
{
    public static readonly RegoString Empty = new(string.Empty);

    public RegoString(string value) => Value = value;

    public string Value { get; }

    public override ValueKind Kind => ValueKind.String;

    private protected override int CompareSameKind(RegoValue other) => string.CompareOrdinal(Value, ((RegoString)other).Value);

    private protected override bool EqualsSameKind(RegoValue other) => string.Equals(Value, ((RegoString)other).Value, StringComparison.Ordinal);

    // Object keys are hashed on every lookup; a string is immutable, so its hash is computed once (0 means not yet).
    private int _hash;

    public override int GetHashCode()
    {
        var h = _hash;
        if (h == 0)
        {
            h = StringComparer.Ordinal.GetHashCode(Value);
            _hash = h == 0 ? 1 : h;
        }

        return _hash;
    }

    internal override void WriteJson(StringBuilder sb) => WriteQuoted(sb, Value);

    internal static void WriteQuoted(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '<': sb.Append("\\u003c"); break;
                case '>': sb.Append("\\u003e"); break;
                case '&': sb.Append("\\u0026"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
