using Amazon.DynamoDBv2;

namespace AiSpm.Admin.Storage.Dynamo;

/// <summary>
/// What every store keeping its data in partitions of the asset table (<see cref="DynamoAssetTable"/>) shares: the
/// table, one client, creating the table at start when the deployment lets the service create tables, and closing the
/// client. The partitions and their keys are each store's own.
/// </summary>
internal abstract class DynamoAssetTablePartition : IAsyncDisposable
{
    private readonly bool _createTables;

    protected DynamoAssetTablePartition(StoreOptions options)
    {
        _createTables = options.DynamoCreateTables;
        Table = new DynamoAssetTable(options.Environment);
        Client = DynamoClients.Create(options);
    }

    protected IAmazonDynamoDB Client { get; }

    protected DynamoAssetTable Table { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_createTables)
        {
            await Table.EnsureAsync(Client, cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        return ValueTask.CompletedTask;
    }
}
