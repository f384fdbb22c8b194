namespace PapersPlatform.Catalogue.Infrastructure;

internal static class CatalogueDbContextExtensions
{
    /// <summary>What the consumers of one paper (its publication, its scores) lock, until their transaction ends.</summary>
    public const string PaperLockScope = "catalogue-paper";
}
