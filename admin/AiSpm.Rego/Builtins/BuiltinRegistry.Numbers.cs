namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddNumbers(Dictionary<string, BuiltinFunction> d)
    {
    }
}
