using System.Diagnostics.CodeAnalysis;

namespace AiSpm.Rego.Builtins;

/// <summary>Every built-in the engine implements, by name.</summary>
internal static partial class BuiltinRegistry
{
    private static readonly Dictionary<string, BuiltinFunction> All = Build();

    public static bool TryGet(string name, [NotNullWhen(true)] out BuiltinFunction? f) => All.TryGetValue(name, out f);

    public static IEnumerable<string> Names => All.Keys;

    private static Dictionary<string, BuiltinFunction> Build()
    {
        var d = new Dictionary<string, BuiltinFunction>(StringComparer.Ordinal);
        AddNumbers(d);
        AddAggregates(d);
        AddStrings(d);
        AddCollections(d);
        AddTypes(d);
        AddEncoding(d);
        AddTime(d);
        AddMisc(d);
        AddBits(d);
        AddDates(d);
        return d;
    }

    private static void Add(Dictionary<string, BuiltinFunction> d, string name, int arity, Func<BuiltinArgs, Values.RegoValue?> impl) =>
        d[name] = new BuiltinFunction(name, arity, impl);
}
