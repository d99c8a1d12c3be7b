using AiSpm.Scanner.Mapping;

namespace AiSpm.Scanner.Connectors;

/// <summary>What one connector collected: the answers it got and the calls that failed.</summary>
public sealed record ConnectorRun(IReadOnlyList<ProviderAnswer> Answers, IReadOnlyList<FailedCall> FailedCalls, int SucceededCalls);
