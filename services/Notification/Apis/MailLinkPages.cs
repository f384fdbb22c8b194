using Microsoft.AspNetCore.Http.HttpResults;

namespace PapersPlatform.Notification.Apis;

/// <summary>The small HTML pages the links in mails open (unsubscribe, confirm an address).</summary>
internal static class MailLinkPages
{
    public static ContentHttpResult Page(string title, string body) => TypedResults.Content(
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title} · Papers Platform</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\">{body}</body></html>",
        "text/html; charset=utf-8");
}
