namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddTime(Dictionary<string, BuiltinFunction> d)
    {
    }
}
