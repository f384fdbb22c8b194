using PapersPlatform.Trending.Scoring;

namespace PapersPlatform.Trending.Tests;

public sealed class TrendingScoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static double Score(DateTimeOffset submittedAt, params DateTimeOffset[] votes) =>
        votes.Aggregate(TrendingScore.ForSubmission(submittedAt), TrendingScore.AddVote);

    [Fact]
    public void AddVote_MoreVotesAtTheSameTimes_RanksHigher()
    {
        var submitted = Now.AddHours(-5);
        Assert.True(Score(submitted, Now, Now.AddMinutes(-1)) > Score(submitted, Now));
    }

    [Fact]
    public void AddVote_TenVotesAMonthAgo_RankBelowTwoVotesToday()
    {
        var old = Score(Now.AddDays(-31), Enumerable.Repeat(Now.AddDays(-30), 10).ToArray());
        var fresh = Score(Now.AddHours(-2), Now.AddHours(-1), Now);
        Assert.True(fresh > old);
    }

    [Fact]
    public void ValueAt_OneHalfLifeLater_IsHalved()
    {
        var score = Score(Now.AddDays(-1), Now, Now);
        var value = TrendingScore.ValueAt(score, Now);
        var later = TrendingScore.ValueAt(score, Now + TrendingScore.HalfLife);
        Assert.Equal(value / 2, later, precision: 9);
    }

    [Fact]
    public void ValueAt_FreshPaperWithTwoVotesNow_CountsSubmissionPlusVotes()
    {
        Assert.Equal(3, TrendingScore.ValueAt(Score(Now, Now, Now), Now), precision: 9);
    }

    [Fact]
    public void Order_OfTwoStoredScores_NeverChangesAsTimePasses()
    {
        var a = Score(Now.AddHours(-3), Now.AddHours(-2), Now.AddHours(-1));
        var b = Score(Now.AddHours(-1), Now);
        var aAhead = TrendingScore.ValueAt(a, Now) > TrendingScore.ValueAt(b, Now);
        Assert.Equal(aAhead, TrendingScore.ValueAt(a, Now.AddDays(20)) > TrendingScore.ValueAt(b, Now.AddDays(20)));
    }

    [Fact]
    public void Of_TheSameVotes_EqualsAddingThemOneByOne()
    {
        DateTimeOffset[] votes = [Now.AddHours(-3), Now.AddHours(-1), Now];
        var added = Score(Now.AddHours(-4), votes);
        Assert.Equal(added, TrendingScore.Of(Now.AddHours(-4), votes), precision: 9);
    }

    [Fact]
    public void Of_NoVotes_IsTheSubmissionAlone()
    {
        Assert.Equal(TrendingScore.ForSubmission(Now), TrendingScore.Of(Now, []));
    }

    [Fact]
    public void RemoveVote_UndoesExactlyWhatAddVoteAdded()
    {
        var before = Score(Now.AddHours(-4), Now.AddHours(-3));
        var withVote = TrendingScore.AddVote(before, Now.AddHours(-1));
        Assert.Equal(before, TrendingScore.RemoveVote(withVote, Now.AddHours(-1)), precision: 9);
    }

    [Fact]
    public void Of_FromABaseScore_AddsTheVotesToIt()
    {
        var legacy = Score(Now.AddDays(-2), Now.AddDays(-1));
        Assert.Equal(Score(Now.AddDays(-2), Now.AddDays(-1), Now), TrendingScore.Of(legacy, [Now]), precision: 9);
    }

    [Fact]
    public void Of_IsTheSameWhateverTheOrderOfTheVotes()
    {
        DateTimeOffset[] votes = [Now.AddDays(-2), Now, Now.AddHours(-7), Now.AddMinutes(-1)];
        Assert.Equal(TrendingScore.Of(Now.AddDays(-3), votes), TrendingScore.Of(Now.AddDays(-3), votes.Reverse()), precision: 12);
    }

    [Fact]
    public void Scores_YearsAfterTheEpoch_StayFinite()
    {
        var far = new DateTimeOffset(2120, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var score = Score(far, far, far);
        Assert.True(double.IsFinite(score));
        Assert.Equal(3, TrendingScore.ValueAt(score, far), precision: 6);
    }
}
