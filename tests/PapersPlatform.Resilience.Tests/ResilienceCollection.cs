namespace PapersPlatform.Resilience.Tests;

/// <summary>The resilience tests share one platform and run one after another: they crash parts of it.</summary>
[CollectionDefinition(Name)]
public sealed class ResilienceCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "resilience";
}
