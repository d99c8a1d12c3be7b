namespace AiSpm.Gateway.RulePacks;

internal enum RuleReloadOutcome : byte
{
    /// <summary>Neither the folder's content nor the enabled packs changed since the last attempt.</summary>
    Unchanged = 0,

    /// <summary>A new detector stack is in force.</summary>
    Swapped = 1,

    /// <summary>The new rules did not load or compile; the previous stack stays.</summary>
    Refused = 2,
}
