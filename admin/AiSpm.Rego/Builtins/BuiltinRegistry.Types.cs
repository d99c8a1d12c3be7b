using AiSpm.Rego.Values;

namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddTypes(Dictionary<string, BuiltinFunction> d)
    {
        Add(d, "is_number", 1, a => RegoBool.Of(a[0] is RegoNumber));
        Add(d, "is_string", 1, a => RegoBool.Of(a[0] is RegoString));
        Add(d, "is_boolean", 1, a => RegoBool.Of(a[0] is RegoBool));
        Add(d, "is_array", 1, a => RegoBool.Of(a[0] is RegoArray));
        Add(d, "is_set", 1, a => RegoBool.Of(a[0] is RegoSet));
        Add(d, "is_object", 1, a => RegoBool.Of(a[0] is RegoObject));
        Add(d, "is_null", 1, a => RegoBool.Of(a[0] is RegoNull));
        Add(d, "type_name", 1, a => new RegoString(a[0].TypeName));
    }
}
