namespace AiSpm.Gateway.Bedrock.Guardrails;

/// <summary>What one ApplyGuardrail call said, or that it failed (timeout, error, unreadable answer).</summary>
internal sealed record GuardrailOutcome(bool Failed, string FailureKind, bool Intervened, IReadOnlyList<GuardrailPolicyHit> Hits, IReadOnlyList<string> Outputs)
{
    public static GuardrailOutcome Failure(string kind) => new(true, kind, false, [], []);

    /// <summary>Any policy entry blocked (rather than masked).</summary>
    public bool Blocks
    {
        get
        {
            foreach (var hit in Hits)
            {
                if (string.Equals(hit.Action, "BLOCKED", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            // Intervened with nothing that says how: treated as a block, the safe reading.
            return Intervened && Hits.Count == 0;
        }
    }
}
