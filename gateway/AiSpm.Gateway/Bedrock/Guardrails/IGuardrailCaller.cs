namespace AiSpm.Gateway.Bedrock.Guardrails;

/// <summary>One ApplyGuardrail call; an interface so the stream relay's guardrail stage can be tested at every split point without a socket.</summary>
internal interface IGuardrailCaller
{
    Task<GuardrailOutcome> ApplyAsync(BedrockGuardrailOptions guardrail, string source, List<TextSpan> texts, CancellationToken cancellationToken);
}
