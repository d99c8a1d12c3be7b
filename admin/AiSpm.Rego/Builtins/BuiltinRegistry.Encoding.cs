namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddEncoding(Dictionary<string, BuiltinFunction> d)
    {
    }
}
