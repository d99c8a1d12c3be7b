namespace AiSpm.Scanner.Connectors;

public sealed record ConnectorHealth(string Connector, ConnectorStatus Status, IReadOnlyList<FailedCall> FailedCalls, int AssetCount, int EdgeCount)
{
    public static ConnectorStatus StatusOf(int succeeded, int failed) =>
        failed == 0 ? ConnectorStatus.Ok : succeeded == 0 ? ConnectorStatus.Failed : ConnectorStatus.Partial;
}
