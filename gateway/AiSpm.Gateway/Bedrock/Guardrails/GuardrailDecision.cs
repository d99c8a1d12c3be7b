namespace AiSpm.Gateway.Bedrock.Guardrails;

/// <summary>What the caller of the guardrail stage does next.</summary>
internal enum GuardrailDecision
{
    /// <summary>Go on unchanged: the guardrail passed, failed open, or intervened in monitor mode.</summary>
    Pass,

    /// <summary>Go on with the masked outputs written over the texts checked.</summary>
    Mask,

    /// <summary>Refuse: the guardrail blocked (or masked where masking is not possible).</summary>
    Block,

    /// <summary>Refuse: the guardrail failed and the stage fails closed.</summary>
    Unavailable,
}
