namespace AiSpm.Rego.Syntax;

internal enum RuleKind
{
    Complete,
    PartialSet,
    PartialObject,
    Function,
}
