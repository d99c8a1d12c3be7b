using System.Numerics;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Builtins;

/// <summary>The arguments of one built-in call, with checks that report type errors in Regorus' wording.</summary>
internal readonly struct BuiltinArgs(string name, RegoValue[] values, EvalContext context)
{
    public string Name { get; } = name;

    public RegoValue[] Values { get; } = values;

    public EvalContext Context { get; } = context;

    public RegoValue this[int i] => Values[i];

    public int Count => Values.Length;

    public RegoException TypeError(string expected, int i) =>
        new($"`{Name}` expects {expected} argument. Got `{Values[i].ToJson()}` instead.");

    public RegoException Fail(string message) => new($"`{Name}` {message}");

    public string Str(int i) => Values[i] is RegoString s ? s.Value : throw TypeError("string", i);

    public RegoNumber Num(int i) => Values[i] as RegoNumber ?? throw TypeError("numeric", i);

    public BigInteger Int(int i)
    {
        var n = Num(i);
        return n.IsInteger ? n.Integer : throw Fail("expects integer argument. must be integer");
    }

    public long Long(int i)
    {
        var n = Num(i);
        return n.TryGetInt(out var l) ? l : throw Fail("expects integer argument. must be integer");
    }

    public RegoArray Arr(int i) => Values[i] as RegoArray ?? throw TypeError("array", i);

    public RegoObject Obj(int i) => Values[i] as RegoObject ?? throw TypeError("object", i);

    public RegoSet Set(int i) => Values[i] as RegoSet ?? throw TypeError("set", i);

    public bool Bool(int i) => Values[i] is RegoBool b ? b.Value : throw TypeError("boolean", i);
}
