namespace AiSpm.Gateway.Bedrock.Guardrails;

/// <summary>A JSON string value in a body: where its raw (still escaped) bytes are, and its decoded text.</summary>
internal readonly record struct TextSpan(int Start, int Length, string Text);
