namespace AiSpm.Rego.Syntax;

internal enum ComprKind
{
    Array,
    Set,
    Object,
}
