using System.Globalization;
using AiSpm.Admin.Storage.Views;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace AiSpm.Admin.Storage.Dynamo;

/// <summary>
/// Saved views in the asset table (<see cref="DynamoAssetTable"/>): one partition per owner (<c>views#OWNER</c>),
/// sort key <c>VIEW#NAME</c>, so a user's views of one view are one Query and saving a name again overwrites it.
/// </summary>
internal sealed class DynamoSavedViewStore(StoreOptions options) : DynamoAssetTablePartition(options), ISavedViewStore
{
    private static string Partition(string owner) => "views#" + owner;

    private static string SortKey(string view, string name) => view + "#" + name;

    public async Task<IReadOnlyList<SavedView>> ListAsync(string owner, string view, CancellationToken cancellationToken)
    {
        var list = new List<SavedView>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await Client.QueryAsync(new QueryRequest
            {
                TableName = Table.Name,
                KeyConditionExpression = "pk = :pk AND begins_with(sk, :view)",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":pk"] = new(Partition(owner)),
                    [":view"] = new(view + "#"),
                },
                ConsistentRead = true,
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                list.Add(new SavedView(
                    owner,
                    view,
                    item["name"].S,
                    item["query"].S,
                    DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(item["saved"].N, CultureInfo.InvariantCulture))));
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        // The sort key orders by UTF-8 bytes, which is not UTF-16 ordinal order beyond the BMP: sort as SQLite does.
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    public Task PutAsync(SavedView saved, CancellationToken cancellationToken) =>
        Client.PutItemAsync(new PutItemRequest
        {
            TableName = Table.Name,
            Item = new Dictionary<string, AttributeValue>
            {
                ["pk"] = new(Partition(saved.Owner)),
                ["sk"] = new(SortKey(saved.View, saved.Name)),
                ["name"] = new(saved.Name),
                ["query"] = new(saved.Query),
                ["saved"] = new() { N = saved.SavedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
            },
        }, cancellationToken);

    public async Task<bool> DeleteAsync(string owner, string view, string name, CancellationToken cancellationToken)
    {
        var answer = await Client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = Table.Name,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = new(Partition(owner)), ["sk"] = new(SortKey(view, name)) },
            ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken);
        return answer.Attributes is { Count: > 0 };
    }
}
