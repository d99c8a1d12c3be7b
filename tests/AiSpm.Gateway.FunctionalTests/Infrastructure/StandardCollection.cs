namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>Tests that share the standard gateway run one after another against it; the other environments run in parallel with them.</summary>
[CollectionDefinition(Name)]
public sealed class StandardCollection : ICollectionFixture<StandardGateway>
{
    public const string Name = "standard gateway";
}
