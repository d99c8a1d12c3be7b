using System.Text;

namespace AiSpm.Rego.Values;

public sealed class RegoBool : RegoValue
{
    public static readonly RegoBool True = new(true);
    public static readonly RegoBool False = new(false);

    private RegoBool(bool value) => Value = value;

    public bool Value { get; }

    public static RegoBool Of(bool b) => b ? True : False;

    public override ValueKind Kind => ValueKind.Boolean;

    private protected override int CompareSameKind(RegoValue other) => Value.CompareTo(((RegoBool)other).Value);

    private protected override bool EqualsSameKind(RegoValue other) => Value == ((RegoBool)other).Value;

    public override int GetHashCode() => Value ? 1 : 2;

    internal override void WriteJson(StringBuilder sb) => sb.Append(Value ? "true" : "false");
}
