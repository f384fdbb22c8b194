namespace PapersPlatform.Resilience.Tests;

/// <summary>
/// The resilience tests share one platform and run one after another: they crash parts of it. It
/// runs two instances of every service that consumes or relays, as production would.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ResilienceCollection : ICollectionFixture<TwoInstancesPlatform>
{
    public const string Name = "resilience";
}
