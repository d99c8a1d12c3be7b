namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgeGateway>
{
    public const string Name = "edge-case gateway";
}
