namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddStrings(Dictionary<string, BuiltinFunction> d)
    {
    }
}
