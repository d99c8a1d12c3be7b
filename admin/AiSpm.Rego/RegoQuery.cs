using AiSpm.Rego.Syntax;

namespace AiSpm.Rego;

/// <summary>A parsed and resolved query.</summary>
public sealed class RegoQuery
{
    internal RegoQuery(Query body, List<VarTerm> vars, int slotCount)
    {
        Body = body;
        Vars = vars;
        SlotCount = slotCount;
    }

    internal Query Body { get; }

    internal List<VarTerm> Vars { get; }

    internal int SlotCount { get; }
}
