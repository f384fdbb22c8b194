using PapersPlatform.Messaging.Inbox;

namespace PapersPlatform.Catalogue.Infrastructure;

internal static class CatalogueDbContextExtensions
{
    /// <summary>What the consumers of one paper (its publication, its scores) lock.</summary>
    public const string PaperLockScope = "catalogue-paper";

    /// <summary>Serialises the consumers of one paper until the transaction ends.</summary>
    public static Task LockPaperAsync(this CatalogueDbContext db, string arxivId, CancellationToken cancellationToken) =>
        db.LockKeyAsync(PaperLockScope, arxivId, cancellationToken);
}
