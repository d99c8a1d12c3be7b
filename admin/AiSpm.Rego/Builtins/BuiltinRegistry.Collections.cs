namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddCollections(Dictionary<string, BuiltinFunction> d)
    {
    }
}
