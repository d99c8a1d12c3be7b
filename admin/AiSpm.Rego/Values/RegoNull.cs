using System.Text;

namespace AiSpm.Rego.Values;

public sealed class RegoNull : RegoValue
{
    public static readonly RegoNull Instance = new();

    private RegoNull()
    {
    }

    public override ValueKind Kind => ValueKind.Null;

    private protected override int CompareSameKind(RegoValue other) => 0;

    private protected override bool EqualsSameKind(RegoValue other) => true;

    public override int GetHashCode() => 0;

    internal override void WriteJson(StringBuilder sb) => sb.Append("null");
}
