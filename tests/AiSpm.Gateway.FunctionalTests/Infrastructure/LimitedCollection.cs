namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class LimitedCollection : ICollectionFixture<LimitedGateway>
{
    public const string Name = "limited gateway";
}
