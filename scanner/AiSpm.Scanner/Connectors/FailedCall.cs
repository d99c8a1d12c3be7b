namespace AiSpm.Scanner.Connectors;

/// <summary>One call a connector could not complete: <c>bedrock-agent:ListAgentActionGroups</c>, a stable code
/// (<c>access_denied</c>, <c>throttled</c>, <c>malformed_answer</c>, <c>pagination_loop</c>, <c>timeout</c>, ...) and a message without secrets.</summary>
public sealed record FailedCall(string Operation, string Code, string Message);
