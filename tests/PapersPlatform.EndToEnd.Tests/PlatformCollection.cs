namespace PapersPlatform.EndToEnd.Tests;

/// <summary>All end-to-end tests share one running platform (starting it takes seconds).</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
