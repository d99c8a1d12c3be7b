namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddMisc(Dictionary<string, BuiltinFunction> d)
    {
    }
}
