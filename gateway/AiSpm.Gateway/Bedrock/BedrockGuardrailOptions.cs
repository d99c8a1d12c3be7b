namespace AiSpm.Gateway.Bedrock;

/// <summary>One ApplyGuardrail stage: which models it covers, which guardrail, and what it may cost.</summary>
public sealed record BedrockGuardrailOptions
{
    /// <summary>Exact model id, a prefix ending in '*', or '*'.</summary>
    public string Model { get; set; } = "*";

    public string GuardrailIdentifier { get; set; } = "";

    public string GuardrailVersion { get; set; } = "DRAFT";

    /// <summary>Check request texts (source INPUT).</summary>
    public bool Request { get; set; } = true;

    /// <summary>Check response texts (source OUTPUT): whole answers, and streamed answers segment by segment.</summary>
    public bool Response { get; set; } = true;

    /// <summary>
    /// A streamed answer is checked each time this much new text has arrived, and at its end; the client sees text in
    /// steps of about this size. Bedrock's own synchronous stream processing checks 1,000-character units.
    /// </summary>
    public int StreamSegmentBytes { get; set; } = 1_000;

    /// <summary>The latency budget of one ApplyGuardrail call.</summary>
    public int TimeoutMs { get; set; } = 1_500;

    /// <summary>What a timeout or error does: open goes on without the guardrail's verdict, closed refuses (503).</summary>
    public string FailMode { get; set; } = "open";

    public bool Matches(string model) =>
        Model == "*" || (Model.EndsWith('*') ? model.StartsWith(Model[..^1], StringComparison.Ordinal) : string.Equals(Model, model, StringComparison.Ordinal));
}
