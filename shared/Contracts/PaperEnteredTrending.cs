namespace PapersPlatform.Contracts;

/// <summary>
/// A paper entered the top <paramref name="Rank"/> of the day's trending list (papers submitted in
/// the last 24 hours) because of a vote; published once per paper, so its submitter can be told.
/// </summary>
public sealed record PaperEnteredTrending(string ArxivId, string Title, string SubmittedBy, string Window, int Rank, DateTimeOffset At);
