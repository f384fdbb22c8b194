using System.Net;
using System.Text.Json;
using Npgsql;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>Trending through the gateway: votes move papers up, entering the day's top 10 is announced, two instances agree.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TrendingTests(PlatformFixture platform)
{
    [Fact]
    public async Task Votes_MoveAnOlderPaperAboveANewerOne()
    {
        using var submitter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync();
        var older = await SubmitAsync(submitter);
        var newer = await SubmitAsync(submitter);

        // Unvoted, the newer paper leads: its submission is its only, and more recent, weight.
        await WaitForOrderAsync(submitter, newer, older);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var voter = platform.CreateClient();
            await voter.SignUpAndSignInAsync();
            (await voter.Http.PostAsync($"/api/papers/{older}/upvote", null)).Dispose();
        }

        // Once trending has counted both votes, the older paper is above the newer one. (Its
        // absolute rank is not compared: papers of other tests may enter the day's list meanwhile.)
        await TestHelpers.EventuallyAsync(async () =>
                (await submitter.GetJsonAsync($"/api/trending/{older}")).GetProperty("inputs").GetProperty("upvotes").GetInt32() == 2 ? (bool?)true : null,
            "trending to count both votes");
        Assert.True(await DayRankOrNullAsync(submitter, older) < await DayRankOrNullAsync(submitter, newer), "two votes should lift the older paper above the newer one");
    }

    [Fact]
    public async Task EnteringTheDaysTop10_TellsTheSubmitterOnce()
    {
        using var submitter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync();
        var arxivId = await SubmitAsync(submitter);
        await submitter.WaitForPaperAsync(arxivId);

        // More votes than any other paper of this test run gets: it must reach the top 10.
        var voters = await Task.WhenAll(Enumerable.Range(0, 25).Select(async _ =>
        {
            var voter = platform.CreateClient();
            await voter.SignUpAndSignInAsync();
            return voter;
        }));
        foreach (var voter in voters)
        {
            (await voter.Http.PostAsync($"/api/papers/{arxivId}/upvote", null)).Dispose();
        }

        var trending = await TestHelpers.EventuallyAsync(async () =>
        {
            var notifications = await submitter.GetJsonAsync("/api/notifications");
            var matching = notifications.GetProperty("items").EnumerateArray()
                .Where(item => item.GetProperty("kind").GetString() == "trending" && item.GetProperty("arxivId").GetString() == arxivId)
                .ToArray();
            return matching.Length > 0 ? matching : null;
        }, "a trending notification");
        Assert.Contains("is trending", trending[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        // Once every vote is counted, no later one can announce it again: trending wrote one
        // PaperEnteredTrending (in the lifting vote's transaction), and notification applied it once.
        await TestHelpers.EventuallyAsync(async () =>
                (await submitter.GetJsonAsync($"/api/trending/{arxivId}")).GetProperty("inputs").GetProperty("upvotes").GetInt32() == voters.Length ? (bool?)true : null,
            "trending to count every vote");
        var announced = Assert.Single(await AdminDatabase.OutboxMessageIdsAsync("trending", "PaperEnteredTrending", arxivId));
        await AdminDatabase.WaitForInboxAsync("notification", announced, "PaperEnteredTrendingConsumer");
        Assert.Single((await submitter.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray(),
            item => item.GetProperty("kind").GetString() == "trending" && item.GetProperty("arxivId").GetString() == arxivId);
        Array.ForEach(voters, voter => voter.Dispose());
    }

    [Theory]
    [InlineData("window=day&limit=0", "limit")]
    [InlineData("window=day&limit=101", "limit")]
    [InlineData("window=year", "window")]
    public async Task A_Window_Or_Limit_Out_Of_Range_Is_400_Naming_It(string query, string field)
    {
        using var client = platform.CreateClient();

        using var response = await client.Http.GetAsync($"/api/trending?{query}");

        await response.EnsureStatusAsync(HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task The_Limits_Themselves_Are_Accepted(int limit)
    {
        using var client = platform.CreateClient();

        var list = await client.GetJsonAsync($"/api/trending?window=all&limit={limit}");

        Assert.InRange(list.GetProperty("items").GetArrayLength(), 0, limit);
    }

    [Fact]
    public async Task TwoTrendingInstances_ScoreExactlyWhatTheVotesAddUpTo()
    {
        // MassTransit logs every message it consumes at Debug: how the test sees which instance took which vote.
        var (extra, address) = platform.StartExtraInstance("trending", "trending-2", new Dictionary<string, string> { ["Logging__LogLevel__MassTransit"] = "Debug" });
        await using var _ = extra;
        await TestHelpers.WaitForHealthAsync(address);
        using var submitter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync();
        var papers = new[] { await SubmitAsync(submitter), await SubmitAsync(submitter), await SubmitAsync(submitter) };
        foreach (var paper in papers)
        {
            await submitter.WaitForPaperAsync(paper);
        }

        // Eight voters vote on all three papers at once: 24 votes, split between the two instances.
        var voters = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var voter = platform.CreateClient();
            await voter.SignUpAndSignInAsync();
            return voter;
        }));
        var takenBefore = VotesConsumedBy(extra); // its log file outlives a run of the tests
        var votes = await Task.WhenAll(voters.SelectMany(voter => papers.Select(paper => voter.Http.PostAsync($"/api/papers/{paper}/upvote", null))));
        Assert.All(votes, vote => Assert.Equal(HttpStatusCode.OK, vote.StatusCode));

        foreach (var paper in papers)
        {
            var (expected, actual, _) = await TestHelpers.EventuallyAsync(async () =>
            {
                var scores = await ScoresAsync(paper);
                return scores.Votes == 8 ? scores : ((double, double, int)?)null;
            }, $"8 votes on {paper} in trending");
            Assert.Equal(expected, actual, 1e-9);
        }
        Assert.InRange(VotesConsumedBy(extra) - takenBefore, 1, votes.Length - 1);
        Array.ForEach(voters, voter => voter.Dispose());
        Array.ForEach(votes, vote => vote.Dispose());
    }

    private static int VotesConsumedBy(ServiceProcess instance) => File.ReadLines(instance.LogPath).Count(line =>
        line.Contains("RECEIVE", StringComparison.Ordinal) && line.Contains("PapersPlatform.Contracts.PaperUpvoted ", StringComparison.Ordinal));

    /// <summary>
    /// Trending's stored score, and the score recomputed from the catalogue's own record of the
    /// submission and the votes (an independent oracle: ln Σ e^((t − 2020-01-01)/τ), τ = 24 h / ln 2).
    /// </summary>
    private static async Task<(double Expected, double Actual, int Votes)> ScoresAsync(string arxivId)
    {
        await using var db = new NpgsqlConnection(TestEnvironment.DatabaseAdmin);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT t.score, t.upvotes, c.submitted_at, ARRAY(SELECT v.voted_at FROM catalogue.votes v WHERE v.arxiv_id = @id)
            FROM trending.papers t JOIN catalogue.papers c USING (arxiv_id) WHERE t.arxiv_id = @id
            """, db);
        command.Parameters.AddWithValue("id", arxivId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var tau = TimeSpan.FromHours(24).TotalSeconds / Math.Log(2);
        var epoch = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var weights = reader.GetFieldValue<DateTime[]>(3).Prepend(reader.GetDateTime(2)).Select(at => (at - epoch).TotalSeconds / tau).ToArray();
        var max = weights.Max();
        var expected = max + Math.Log(weights.Sum(weight => Math.Exp(weight - max)));
        return (expected, reader.GetDouble(0), reader.GetInt32(1));
    }

    private static async Task<string> SubmitAsync(GatewayClient client)
    {
        var arxivId = TestHelpers.UniqueArxivId();
        using var response = await client.SubmitPaperAsync(arxivId, $"Trending candidate {arxivId}");
        await response.EnsureStatusAsync(HttpStatusCode.Accepted);
        return arxivId;
    }

    /// <summary>Waits until <paramref name="first"/> ranks above <paramref name="second"/> in the day window.</summary>
    private static Task WaitForOrderAsync(GatewayClient client, string first, string second) =>
        TestHelpers.EventuallyAsync(async () =>
        {
            var (a, b) = (await DayRankOrNullAsync(client, first), await DayRankOrNullAsync(client, second));
            return a is not null && b is not null && a < b ? (int?)a : null;
        }, $"{first} above {second} in the day's trending list");

    private static async Task<int?> DayRankOrNullAsync(GatewayClient client, string arxivId)
    {
        using var response = await client.Http.GetAsync($"/api/trending/{arxivId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null; // trending has not consumed the paper yet
        }
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        var explanation = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<JsonElement>(response.Content);
        return explanation.GetProperty("ranks").GetProperty("day").GetInt32();
    }
}
