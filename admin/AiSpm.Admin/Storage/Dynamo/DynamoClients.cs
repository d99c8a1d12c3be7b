using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace AiSpm.Admin.Storage.Dynamo;

/// <summary>The DynamoDB client both DynamoDB stores build from <see cref="StoreOptions"/>.</summary>
internal static class DynamoClients
{
    public static AmazonDynamoDBClient Create(StoreOptions options)
    {
        var config = new AmazonDynamoDBConfig { MaxErrorRetry = 3 };
        if (options.DynamoServiceUrl is not null)
        {
            config.ServiceURL = options.DynamoServiceUrl;
            config.AuthenticationRegion = options.DynamoRegion ?? "us-east-1";
            // Local endpoints (dynalite, DynamoDB Local) accept any credentials.
            return new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
        }

        if (options.DynamoRegion is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.DynamoRegion);
        }

        return new AmazonDynamoDBClient(config);
    }
}
