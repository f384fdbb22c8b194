using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Catalogue.Model;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Copies;
using PapersPlatform.Messaging.Inbox;

namespace PapersPlatform.Catalogue.Consumers;

/// <summary>Makes a published paper visible in listings, search and its own page.</summary>
public sealed class PaperPublishedConsumer(CatalogueDbContext db) : IConsumer<PaperPublished>
{
    public Task Consume(ConsumeContext<PaperPublished> context) =>
        db.ConsumeOnceAsync(context, nameof(PaperPublishedConsumer), async cancellationToken =>
        {
            var message = context.Message;
            await db.LockPaperAsync(message.ArxivId, cancellationToken);
            if (await db.Papers.AnyAsync(paper => paper.ArxivId == message.ArxivId, cancellationToken))
            {
                return; // the arXiv id is the business key: never two rows for one paper
            }
            // Its score may have overtaken it (trending saw the paper first).
            var early = await db.TakeEarlyTrendingScoreAsync(message.ArxivId, cancellationToken);
            db.Papers.Add(new Paper
            {
                ArxivId = message.ArxivId,
                Title = message.Title,
                Abstract = message.Abstract,
                Authors = [.. message.Authors],
                Organization = message.Organization,
                PublishedAt = message.PublishedAt,
                SubmittedAt = message.SubmittedAt,
                SubmittedBy = message.SubmittedBy,
                CodeUrl = message.CodeUrl,
                ProjectUrl = message.ProjectUrl,
                TrendingScore = early?.Score ?? 0,
                TrendingVersion = early?.Version ?? 0,
            });
        });
}
