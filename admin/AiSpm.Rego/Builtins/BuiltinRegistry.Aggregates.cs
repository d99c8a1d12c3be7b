namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddAggregates(Dictionary<string, BuiltinFunction> d)
    {
    }
}
