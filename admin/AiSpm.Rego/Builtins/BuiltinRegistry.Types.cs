namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddTypes(Dictionary<string, BuiltinFunction> d)
    {
    }
}
