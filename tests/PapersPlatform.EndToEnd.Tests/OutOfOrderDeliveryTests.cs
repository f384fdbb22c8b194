namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// Each consumer, fed its messages straight into its queue in the orders RabbitMQ may really
/// deliver them (upvotes and withdrawals travel on different queues; retries reorder; a score can
/// overtake its paper), must end in the state the final set of facts describes.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OutOfOrderDeliveryTests
{
    // Longer than the tests' consumer retries (3 immediate, then 0.5 s, 2 s and 5 s): a message
    // that waited for something by failing would be in its _error queue by then.
    private static readonly TimeSpan LongerThanRetries = TimeSpan.FromSeconds(10);

    /// <summary>Upvote at t1, its withdrawal, a new upvote at t2: the three messages of one person changing their mind.</summary>
    public static TheoryData<string> RevoteOrders => ["up1 down1 up2", "down1 up1 up2", "down1 up2 up1", "up2 down1 up1", "up2 up1 down1", "up1 up2 down1"];

    [Theory]
    [MemberData(nameof(RevoteOrders))]
    public async Task Trending_RevoteInAnyOrder_ScoreEqualsThePaperWithOnlyTheFinalVote(string order)
    {
        using var broker = new Broker();
        var (paper, reference) = (TestHelpers.UniqueArxivId(), TestHelpers.UniqueArxivId());
        // Yesterday's paper, today's votes: the withdrawn vote weighs more than the paper had.
        var submittedAt = Microseconds(DateTimeOffset.UtcNow.AddDays(-1));
        var (t1, t2) = (Microseconds(DateTimeOffset.UtcNow.AddMinutes(-2)), Microseconds(DateTimeOffset.UtcNow.AddMinutes(-1)));
        await DeliverAndWaitAsync(broker, "trending", "paper-published", "PaperPublished", Published(paper, submittedAt));
        await DeliverAndWaitAsync(broker, "trending", "paper-published", "PaperPublished", Published(reference, submittedAt));
        await DeliverAndWaitAsync(broker, "trending", "paper-upvoted", "PaperUpvoted", Upvoted(reference, "voter", t2, submittedAt));

        foreach (var step in order.Split(' '))
        {
            await DeliverStepAsync(broker, "trending", step, paper, submittedAt, t1, t2);
        }

        var upvotes = await AdminDatabase.ScalarAsync<int>("SELECT upvotes FROM trending.papers WHERE arxiv_id = $1", paper);
        var score = await AdminDatabase.ScalarAsync<double>("SELECT score FROM trending.papers WHERE arxiv_id = $1", paper);
        var expected = await AdminDatabase.ScalarAsync<double>("SELECT score FROM trending.papers WHERE arxiv_id = $1", reference);
        Assert.Equal(1, upvotes);
        Assert.True(Math.Abs(score - expected) <= 1e-9 * Math.Abs(expected), $"delivered {order}: score {score:R}, but the paper with only the final vote scores {expected:R}");
    }

    [Theory]
    [MemberData(nameof(RevoteOrders))]
    public async Task Notification_RevoteInAnyOrder_CountsOnePerson(string order)
    {
        using var broker = new Broker();
        var paper = TestHelpers.UniqueArxivId();
        var submittedAt = Microseconds(DateTimeOffset.UtcNow.AddDays(-1));
        // Both votes in one (past) UTC hour: one grouped notification.
        var hour = new DateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1).UtcDateTime.Date.AddHours(DateTimeOffset.UtcNow.AddHours(-1).Hour), TimeSpan.Zero);
        var (t1, t2) = (hour.AddMinutes(10), hour.AddMinutes(20));
        await DeliverAndWaitAsync(broker, "notification", "paper-upvoted", "PaperUpvoted", Upvoted(paper, "another-voter", hour.AddMinutes(5), submittedAt));

        foreach (var step in order.Split(' '))
        {
            await DeliverStepAsync(broker, "notification", step, paper, submittedAt, t1, t2);
        }

        var people = await AdminDatabase.ScalarAsync<int>("SELECT coalesce(sum(count), 0)::int FROM notification.notifications WHERE kind = 'upvote' AND arxiv_id = $1", paper);
        Assert.True(people == 2, $"delivered {order}: the submitter is told of {people} people, but two have a vote");
    }

    [Fact]
    public async Task Trending_WithdrawalsOfVotesCountedBeforeTheLedgerAndAfter_LeaveExactlyTheRemainingVote()
    {
        using var broker = new Broker();
        var (paper, reference) = (TestHelpers.UniqueArxivId(), TestHelpers.UniqueArxivId());
        var submittedAt = Microseconds(DateTimeOffset.UtcNow.AddDays(-1));
        var (t1, t2) = (Microseconds(DateTimeOffset.UtcNow.AddHours(-3)), Microseconds(DateTimeOffset.UtcNow.AddHours(-2)));
        foreach (var arxivId in new[] { paper, reference })
        {
            await DeliverAndWaitAsync(broker, "trending", "paper-published", "PaperPublished", Published(arxivId, submittedAt));
        }
        await DeliverAndWaitAsync(broker, "trending", "paper-upvoted", "PaperUpvoted", Upvoted(reference, "b", t2, submittedAt));
        await DeliverAndWaitAsync(broker, "trending", "paper-upvoted", "PaperUpvoted", Upvoted(paper, "a", t1, submittedAt));
        await DeliverAndWaitAsync(broker, "trending", "paper-upvoted", "PaperUpvoted", Upvoted(paper, "b", t2, submittedAt));
        // As the upgrade to the ledger leaves a paper voted on before it: counts and score kept, no rows.
        await AdminDatabase.ExecuteAsync("DELETE FROM trending.votes WHERE arxiv_id = $1", paper);
        await AdminDatabase.ExecuteAsync("UPDATE trending.papers SET legacy_upvotes = upvotes, legacy_score = score, ledger_since = now() WHERE arxiv_id = $1", paper);
        var t3 = Microseconds(DateTimeOffset.UtcNow.AddSeconds(1));
        await DeliverAndWaitAsync(broker, "trending", "paper-upvoted", "PaperUpvoted", Upvoted(paper, "c", t3, submittedAt));

        await DeliverAndWaitAsync(broker, "trending", "paper-upvote-withdrawn", "PaperUpvoteWithdrawn",
            new { arxivId = paper, votedBy = "a", upvotes = 2, votedAt = t1, withdrawnAt = DateTimeOffset.UtcNow });
        await DeliverAndWaitAsync(broker, "trending", "paper-upvote-withdrawn", "PaperUpvoteWithdrawn",
            new { arxivId = paper, votedBy = "c", upvotes = 1, votedAt = t3, withdrawnAt = DateTimeOffset.UtcNow });

        Assert.Equal(1, await AdminDatabase.ScalarAsync<int>("SELECT upvotes FROM trending.papers WHERE arxiv_id = $1", paper));
        var score = await AdminDatabase.ScalarAsync<double>("SELECT score FROM trending.papers WHERE arxiv_id = $1", paper);
        var expected = await AdminDatabase.ScalarAsync<double>("SELECT score FROM trending.papers WHERE arxiv_id = $1", reference);
        Assert.True(Math.Abs(score - expected) <= 1e-9 * Math.Abs(expected), $"score {score:R}, but the paper with only b's vote scores {expected:R}");
    }

    [Fact]
    public async Task TrendingScore_ArrivingLongBeforeItsPaper_IsAppliedWhenThePaperArrives()
    {
        using var broker = new Broker();
        var paper = TestHelpers.UniqueArxivId();
        foreach (var service in new[] { "catalogue", "notification" })
        {
            // The newest version first, then an older one: the newest must win.
            await broker.DeliverAsync($"{service}-trending-score-changed", "TrendingScoreChanged", new { arxivId = paper, score = 1234.5, version = 3, changedAt = DateTimeOffset.UtcNow });
            await broker.DeliverAsync($"{service}-trending-score-changed", "TrendingScoreChanged", new { arxivId = paper, score = 1000.25, version = 2, changedAt = DateTimeOffset.UtcNow });
        }
        await Task.Delay(LongerThanRetries);

        await Task.WhenAll(
            DeliverAndWaitAsync(broker, "catalogue", "paper-published", "PaperPublished", Published(paper, DateTimeOffset.UtcNow)),
            DeliverAndWaitAsync(broker, "notification", "paper-published", "PaperPublished", Published(paper, DateTimeOffset.UtcNow)));

        Assert.Equal(3, await AdminDatabase.ScalarAsync<long>("SELECT trending_version FROM catalogue.papers WHERE arxiv_id = $1", paper));
        Assert.Equal(1234.5, await AdminDatabase.ScalarAsync<double>("SELECT trending_score FROM catalogue.papers WHERE arxiv_id = $1", paper));
        Assert.Equal(3, await AdminDatabase.ScalarAsync<long>("SELECT score_version FROM notification.papers WHERE arxiv_id = $1", paper));
        Assert.Equal(1234.5, await AdminDatabase.ScalarAsync<double>("SELECT score FROM notification.papers WHERE arxiv_id = $1", paper));
    }

    /// <summary>
    /// Many votes on one paper at once, so that trending applies them in batches: every withdrawal
    /// before its upvote (each then cancels an upvote inside a batch), or every upvote first, with
    /// some upvotes delivered twice. Upvotes carry .NET's 100 ns times and withdrawals the stored
    /// microseconds, as the catalogue sends them.
    /// </summary>
    [Theory]
    [InlineData("withdrawals first")]
    [InlineData("upvotes first")]
    public async Task Trending_BurstsOfVotesInEitherOrder_ScoreEqualsThePaperWithOnlyTheRemainingVotes(string order)
    {
        using var broker = new Broker();
        var (paper, reference) = (TestHelpers.UniqueArxivId(), TestHelpers.UniqueArxivId());
        var submittedAt = Microseconds(DateTimeOffset.UtcNow.AddDays(-1));
        await DeliverAndWaitAsync(broker, "trending", "paper-published", "PaperPublished", Published(paper, submittedAt));
        await DeliverAndWaitAsync(broker, "trending", "paper-published", "PaperPublished", Published(reference, submittedAt));
        var votes = Enumerable.Range(0, 24)
            .Select(voter => (Voter: $"burst-{voter}", VotedAt: DateTimeOffset.UtcNow.AddMinutes(-30).AddTicks(voter * 1_234_567 + 3)))
            .ToList();
        var withdrawn = votes.Where((_, index) => index % 3 != 0).ToList();

        await DeliverBurstsAsync(broker, "trending", order, paper, submittedAt, votes, withdrawn);
        await DeliverAllAndWaitAsync(broker, "trending", "paper-upvoted", "PaperUpvoted",
            [.. votes.Except(withdrawn).Select(vote => Upvoted(reference, vote.Voter, vote.VotedAt, submittedAt))]);

        Assert.Equal(votes.Count - withdrawn.Count, await AdminDatabase.ScalarAsync<int>("SELECT upvotes FROM trending.papers WHERE arxiv_id = $1", paper));
        var score = await AdminDatabase.ScalarAsync<double>("SELECT score FROM trending.papers WHERE arxiv_id = $1", paper);
        var expected = await AdminDatabase.ScalarAsync<double>("SELECT score FROM trending.papers WHERE arxiv_id = $1", reference);
        Assert.True(Math.Abs(score - expected) <= 1e-9 * Math.Abs(expected), $"{order}: score {score:R}, but the paper with only the remaining votes scores {expected:R}");
    }

    /// <summary>
    /// One vote in a burst that trending cannot store (a constraint, as a bad deploy might add,
    /// refuses its voter): the batch fails, every other vote of it is applied on its own at once,
    /// and the refused one is applied by a later retry once the cause is gone.
    /// </summary>
    [Fact]
    public async Task Trending_ABadVoteInABurst_HoldsUpNoneOfTheOthers()
    {
        using var broker = new Broker();
        var paper = TestHelpers.UniqueArxivId();
        var submittedAt = Microseconds(DateTimeOffset.UtcNow.AddDays(-1));
        await DeliverAndWaitAsync(broker, "trending", "paper-published", "PaperPublished", Published(paper, submittedAt));
        var refused = $"refused-{Guid.NewGuid():N}"[..20];
        var constraint = $"refuses_{refused.Replace('-', '_')}";
        var voters = Enumerable.Range(0, 11).Select(voter => $"fine-{voter}").Append(refused).OrderBy(voter => voter.GetHashCode()).ToList();
        var ids = voters.ToDictionary(voter => voter, _ => Guid.NewGuid());
        await AdminDatabase.ExecuteAsync($"ALTER TABLE trending.votes ADD CONSTRAINT {constraint} CHECK (voter <> '{refused}') NOT VALID");
        try
        {
            await Task.WhenAll(voters.Select((voter, index) => broker.DeliverAsync("trending-paper-upvoted", "PaperUpvoted",
                Upvoted(paper, voter, DateTimeOffset.UtcNow.AddMinutes(-10).AddSeconds(index), submittedAt), ids[voter])));
            // Well within the retries (3 at once, then 0.5 s, 2 s, 5 s): not one of them waited for the refused vote's.
            foreach (var voter in voters.Where(voter => voter != refused))
            {
                await AdminDatabase.WaitForInboxAsync("trending", ids[voter], "PaperUpvotedConsumer", TimeSpan.FromSeconds(5));
            }
            Assert.Equal(11, await AdminDatabase.ScalarAsync<int>("SELECT upvotes FROM trending.papers WHERE arxiv_id = $1", paper));
        }
        finally
        {
            await AdminDatabase.ExecuteAsync($"ALTER TABLE trending.votes DROP CONSTRAINT IF EXISTS {constraint}");
        }
        await AdminDatabase.WaitForInboxAsync("trending", ids[refused], "PaperUpvotedConsumer", TimeSpan.FromSeconds(20));
        Assert.Equal(12, await AdminDatabase.ScalarAsync<int>("SELECT upvotes FROM trending.papers WHERE arxiv_id = $1", paper));
    }

    [Theory]
    [InlineData("withdrawals first")]
    [InlineData("upvotes first")]
    public async Task Notification_BurstsOfVotesInEitherOrder_CountTheRemainingVoters(string order)
    {
        using var broker = new Broker();
        var paper = TestHelpers.UniqueArxivId();
        var submittedAt = Microseconds(DateTimeOffset.UtcNow.AddDays(-1));
        // All in one (past) UTC hour: one grouped notification.
        var hour = new DateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1).UtcDateTime.Date.AddHours(DateTimeOffset.UtcNow.AddHours(-1).Hour), TimeSpan.Zero);
        var votes = Enumerable.Range(0, 24).Select(voter => (Voter: $"burst-{voter}", VotedAt: hour.AddMinutes(1).AddTicks(voter * 1_234_567 + 3))).ToList();
        var withdrawn = votes.Where((_, index) => index % 3 != 0).ToList();

        await DeliverBurstsAsync(broker, "notification", order, paper, submittedAt, votes, withdrawn);

        var people = await AdminDatabase.ScalarAsync<int>("SELECT coalesce(sum(count), 0)::int FROM notification.notifications WHERE kind = 'upvote' AND arxiv_id = $1", paper);
        Assert.True(people == votes.Count - withdrawn.Count, $"{order}: the submitter is told of {people} people, but {votes.Count - withdrawn.Count} have a vote");
    }

    /// <summary>
    /// Upvotes (five of them twice) and withdrawals of one paper, each kind all at once, in the
    /// order given; at least one kind must have been applied several to a transaction.
    /// </summary>
    private static async Task DeliverBurstsAsync(Broker broker, string service, string order, string paper, DateTimeOffset submittedAt,
        List<(string Voter, DateTimeOffset VotedAt)> votes, List<(string Voter, DateTimeOffset VotedAt)> withdrawn)
    {
        Task<long> UpvotesAsync() => DeliverAllAndWaitAsync(broker, service, "paper-upvoted", "PaperUpvoted",
            [.. votes.Select(vote => Upvoted(paper, vote.Voter, vote.VotedAt, submittedAt)), .. votes.Take(5).Select(vote => Upvoted(paper, vote.Voter, vote.VotedAt, submittedAt))],
            duplicates: 5);
        Task<long> WithdrawalsAsync() => DeliverAllAndWaitAsync(broker, service, "paper-upvote-withdrawn", "PaperUpvoteWithdrawn",
            [.. withdrawn.Select(vote => (object)new { arxivId = paper, votedBy = vote.Voter, upvotes = 0, votedAt = Microseconds(vote.VotedAt), withdrawnAt = DateTimeOffset.UtcNow })]);
        var (first, second) = order == "withdrawals first" ? (WithdrawalsAsync, UpvotesAsync) : ((Func<Task<long>>)UpvotesAsync, (Func<Task<long>>)WithdrawalsAsync);
        var largestBatch = Math.Max(await first(), await second());
        Assert.True(largestBatch > 1, $"{service} applied every message of the bursts on its own: the test did not exercise a batch");
    }

    /// <summary>A burst of one paper's scores in shuffled versions, and of a paper not there yet: the copies keep the newest.</summary>
    [Fact]
    public async Task TrendingScores_InABurstOfShuffledVersions_TheNewestWinsForPapersThereAndPapersToCome()
    {
        using var broker = new Broker();
        var (present, later) = (TestHelpers.UniqueArxivId(), TestHelpers.UniqueArxivId());
        foreach (var service in new[] { "catalogue", "notification" })
        {
            await DeliverAndWaitAsync(broker, service, "paper-published", "PaperPublished", Published(present, DateTimeOffset.UtcNow));
        }
        var versions = Enumerable.Range(1, 15).OrderBy(version => (version * 7919) % 15).ToList();
        await Task.WhenAll(new[] { "catalogue", "notification" }.SelectMany(service => new[] { present, later }.SelectMany(arxivId => versions.Select(version =>
            broker.DeliverAsync($"{service}-trending-score-changed", "TrendingScoreChanged", new { arxivId, score = 100.0 + version, version = (long)version, changedAt = DateTimeOffset.UtcNow })))));
        await TestHelpers.EventuallyAsync(async () =>
                await AdminDatabase.ScalarAsync<long>("SELECT trending_version FROM catalogue.papers WHERE arxiv_id = $1", present) == 15
                && await AdminDatabase.ScalarAsync<long>("SELECT score_version FROM notification.papers WHERE arxiv_id = $1", present) == 15 ? (bool?)true : null,
            "both copies to reach version 15", LongerThanRetries);
        await TestHelpers.EventuallyAsync(async () =>
                await AdminDatabase.ScalarAsync<long>("SELECT version FROM catalogue.early_trending_scores WHERE arxiv_id = $1", later) == 15
                && await AdminDatabase.ScalarAsync<long>("SELECT version FROM notification.early_trending_scores WHERE arxiv_id = $1", later) == 15 ? (bool?)true : null,
            "both services to keep version 15 of the paper still to come", LongerThanRetries);
        await Task.WhenAll(
            DeliverAndWaitAsync(broker, "catalogue", "paper-published", "PaperPublished", Published(later, DateTimeOffset.UtcNow)),
            DeliverAndWaitAsync(broker, "notification", "paper-published", "PaperPublished", Published(later, DateTimeOffset.UtcNow)));

        foreach (var arxivId in new[] { present, later })
        {
            Assert.Equal(115.0, await AdminDatabase.ScalarAsync<double>("SELECT trending_score FROM catalogue.papers WHERE arxiv_id = $1", arxivId));
            Assert.Equal(15, await AdminDatabase.ScalarAsync<long>("SELECT trending_version FROM catalogue.papers WHERE arxiv_id = $1", arxivId));
            Assert.Equal(115.0, await AdminDatabase.ScalarAsync<double>("SELECT score FROM notification.papers WHERE arxiv_id = $1", arxivId));
            Assert.Equal(15, await AdminDatabase.ScalarAsync<long>("SELECT score_version FROM notification.papers WHERE arxiv_id = $1", arxivId));
        }
    }

    /// <summary>
    /// A bulk import's publications arrive in bursts, applied in batches: each paper lands once in
    /// every service that keeps papers, redeliveries change nothing, what overtook a paper is taken
    /// over (its score in the catalogue and notification, an upvote in trending), and a reader's
    /// keyword alerts from one burst are numbered one after another in their stream, after what it
    /// held, leaving out the paper the reader submitted.
    /// </summary>
    [Fact]
    public async Task Publications_InABurst_LandOnceEachWithWhatOvertookThem()
    {
        using var broker = new Broker();
        var papers = Enumerable.Range(0, 12).Select(_ => TestHelpers.UniqueArxivId()).ToList();
        var submittedAt = Microseconds(DateTimeOffset.UtcNow.AddHours(-1));
        var (word, reader) = (TestHelpers.UniqueWord(), $"reader-{Guid.NewGuid():N}"[..24]);
        await AdminDatabase.ExecuteAsync("INSERT INTO notification.keyword_alerts (phrase, user_name, keyword) VALUES ($1, $2, $1)", word, reader);
        await AdminDatabase.ExecuteAsync("INSERT INTO notification.notification_streams (recipient, last_sequence) VALUES ($1, 10)", reader);
        foreach (var service in new[] { "catalogue", "notification" })
        {
            await broker.DeliverAsync($"{service}-trending-score-changed", "TrendingScoreChanged",
                new { arxivId = papers[0], score = 42.0, version = 3L, changedAt = DateTimeOffset.UtcNow });
        }
        await DeliverAndWaitAsync(broker, "trending", "paper-upvoted", "PaperUpvoted", Upvoted(papers[0], "early-voter", DateTimeOffset.UtcNow.AddMinutes(-5), submittedAt));
        await TestHelpers.EventuallyAsync(async () =>
                await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM catalogue.early_trending_scores WHERE arxiv_id = $1", papers[0])
                + await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM notification.early_trending_scores WHERE arxiv_id = $1", papers[0]) == 2 ? (bool?)true : null,
            "both services to keep the score that overtook its paper", LongerThanRetries);

        // Every other paper's title has the reader's keyword, and the reader submitted one of those: five alerts.
        var published = papers.Select((paper, index) => Published(paper, submittedAt,
            index % 2 == 0 ? $"On {word}, part {index}" : null, index == 2 ? reader : "submitter")).ToArray();
        foreach (var service in new[] { "catalogue", "trending", "notification" })
        {
            var largestBatch = await DeliverAllAndWaitAsync(broker, service, "paper-published", "PaperPublished", [.. published, .. published.Take(3)], duplicates: 3);
            Assert.True(largestBatch > 1, $"{service} applied every publication of the burst on its own: the test did not exercise a batch");
            Assert.Equal(papers.Count, await AdminDatabase.ScalarAsync<long>($"SELECT count(*) FROM {service}.papers WHERE arxiv_id = ANY($1)", (object)papers.ToArray()));
        }
        Assert.Equal(42.0, await AdminDatabase.ScalarAsync<double>("SELECT trending_score FROM catalogue.papers WHERE arxiv_id = $1", papers[0]));
        Assert.Equal(42.0, await AdminDatabase.ScalarAsync<double>("SELECT score FROM notification.papers WHERE arxiv_id = $1", papers[0]));
        Assert.Equal(1, await AdminDatabase.ScalarAsync<int>("SELECT upvotes FROM trending.papers WHERE arxiv_id = $1", papers[0]));
        Assert.Equal(0, await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM catalogue.early_trending_scores WHERE arxiv_id = $1", papers[0]));
        Assert.Equal(0, await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM notification.early_trending_scores WHERE arxiv_id = $1", papers[0]));
        var sequences = new List<long>();
        for (var sequence = 11L; sequence <= 15; sequence++)
        {
            sequences.Add(await AdminDatabase.ScalarAsync<long>(
                "SELECT count(*) FROM notification.notifications WHERE recipient = $1 AND kind = 'keyword' AND sequence = $2", reader, sequence));
        }
        Assert.Equal([1, 1, 1, 1, 1], sequences);
        Assert.Equal(5, await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM notification.notifications WHERE recipient = $1", reader));
        Assert.Equal(0, await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM notification.notifications WHERE recipient = $1 AND arxiv_id = $2", reader, papers[2]));
        Assert.Equal(15, await AdminDatabase.ScalarAsync<long>("SELECT last_sequence FROM notification.notification_streams WHERE recipient = $1", reader));
    }

    private static Task DeliverStepAsync(Broker broker, string service, string step, string paper, DateTimeOffset submittedAt, DateTimeOffset t1, DateTimeOffset t2) => step switch
    {
        "up1" => DeliverAndWaitAsync(broker, service, "paper-upvoted", "PaperUpvoted", Upvoted(paper, "changes-mind", t1, submittedAt)),
        "up2" => DeliverAndWaitAsync(broker, service, "paper-upvoted", "PaperUpvoted", Upvoted(paper, "changes-mind", t2, submittedAt)),
        "down1" => DeliverAndWaitAsync(broker, service, "paper-upvote-withdrawn", "PaperUpvoteWithdrawn",
            new { arxivId = paper, votedBy = "changes-mind", upvotes = 0, votedAt = t1, withdrawnAt = t1.AddSeconds(30) }),
        _ => throw new ArgumentException($"unknown step {step}"),
    };

    /// <summary>Delivers one message to one consumer and waits until its inbox says it was applied.</summary>
    private static async Task DeliverAndWaitAsync(Broker broker, string service, string queue, string contract, object message)
    {
        var messageId = await broker.DeliverAsync($"{service}-{queue}", contract, message);
        await AdminDatabase.WaitForInboxAsync(service, messageId, $"{contract}Consumer", TimeSpan.FromSeconds(20));
    }

    /// <summary>
    /// Delivers messages all at once (so that a batch consumer takes several together), the last
    /// <paramref name="duplicates"/> again under the message ids of the first ones (a redelivery),
    /// and waits until the inbox has every one.
    /// </summary>
    /// <returns>The most of them applied in one transaction (a batch commits its inbox rows with one timestamp).</returns>
    private static async Task<long> DeliverAllAndWaitAsync(Broker broker, string service, string queue, string contract, object[] messages, int duplicates = 0)
    {
        var ids = messages.Select(_ => Guid.NewGuid()).ToArray();
        for (var copy = 0; copy < duplicates; copy++)
        {
            ids[messages.Length - duplicates + copy] = ids[copy];
        }
        await Task.WhenAll(messages.Select((message, index) => broker.DeliverAsync($"{service}-{queue}", contract, message, ids[index])));
        foreach (var id in ids.Distinct())
        {
            await AdminDatabase.WaitForInboxAsync(service, id, $"{contract}Consumer", TimeSpan.FromSeconds(20));
        }
        return await AdminDatabase.ScalarAsync<long>(
            $"SELECT max(n) FROM (SELECT count(*) AS n FROM {service}.inbox_messages WHERE message_id = ANY($1) AND consumer = $2 GROUP BY processed_at) AS batches",
            ids.Distinct().ToArray(), $"{contract}Consumer");
    }

    private static object Published(string arxivId, DateTimeOffset submittedAt, string? title = null, string submittedBy = "submitter") => new
    {
        arxivId,
        title = title ?? $"Paper {arxivId}",
        @abstract = "Delivered by hand, in the order a test chose.",
        authors = new[] { "Ada Lovelace" },
        organization = (string?)null,
        publishedAt = submittedAt,
        submittedAt,
        submittedBy,
        codeUrl = (string?)null,
        projectUrl = (string?)null,
    };

    private static object Upvoted(string arxivId, string voter, DateTimeOffset votedAt, DateTimeOffset submittedAt) => new
    {
        arxivId,
        title = $"Paper {arxivId}",
        submittedBy = "submitter",
        submittedAt,
        votedBy = voter,
        upvotes = 1,
        votedAt,
    };

    /// <summary>Postgres keeps microseconds: times that round-trip exactly.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
}
