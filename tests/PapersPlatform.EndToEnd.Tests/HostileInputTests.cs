using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PapersPlatform.Testing;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// Inputs found by fuzzing that used to be 500s or to do lasting harm (issue 14's examples): each
/// is a 400 problem+json now that says which field is wrong, in our words.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HostileInputTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("２４01.１２３４５")] // full-width digits
    [InlineData("٢٤٠١.١٢٣٤٥")] // Arabic-Indic digits
    [InlineData("2401.12345v١")]
    public async Task An_ArxivId_In_Other_Digits_Is_400_In_Our_Words(string arxivId)
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();

        using var response = await client.SubmitPaperAsync(arxivId);

        var errors = await AssertProblemAsync(response, "arxivId");
        Assert.StartsWith("Not an arXiv id", errors);
    }

    [Fact]
    public async Task A_Nul_Character_In_A_Name_A_Password_Or_A_Title_Is_400()
    {
        using var client = platform.CreateClient();
        using var register = await client.Http.PostAsJsonAsync("/api/accounts", new { username = "nul\0name", email = "nul@example.com", password = "long-enough-password" });
        using var token = await client.Http.PostAsJsonAsync("/api/accounts/token", new { username = "some\0one", password = "pass\0word" });
        await client.SignUpAndSignInAsync();
        using var submit = await client.SubmitPaperAsync(TestHelpers.UniqueArxivId(), title: "A title\0with a NUL");
        using var authors = await client.SubmitPaperAsync(TestHelpers.UniqueArxivId(), authors: ["Ada\u0007 Lovelace"]);

        await AssertProblemAsync(register, "username");
        Assert.Contains("NUL", await AssertProblemAsync(token, "username"));
        Assert.Contains("NUL", await AssertProblemAsync(submit, "title"));
        Assert.Contains("control characters", await AssertProblemAsync(authors, "authors"));
    }

    [Fact]
    public async Task Sign_In_Fields_Have_Lengths_And_A_Longer_One_Is_400()
    {
        using var client = platform.CreateClient();
        using var longName = await client.Http.PostAsJsonAsync("/api/accounts/token", new { username = new string('a', 65), password = "password" });
        using var longPassword = await client.Http.PostAsJsonAsync("/api/accounts/token", new { username = "someone", password = new string('p', 129) });

        await AssertProblemAsync(longName, "username");
        await AssertProblemAsync(longPassword, "password");
    }

    [Fact]
    public async Task A_Paper_Page_For_An_Id_Longer_Than_Any_ArxivId_Is_400()
    {
        using var client = platform.CreateClient();
        using var longest = await client.Http.GetAsync($"/api/paper-pages/{new string('1', 100)}");
        using var tooLong = await client.Http.GetAsync($"/api/paper-pages/{new string('1', 101)}");

        Assert.Equal(HttpStatusCode.NotFound, longest.StatusCode); // passed on: the catalogue has no such paper
        await tooLong.EnsureStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", tooLong.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/feeds/papers?date=9999-12-31", "date")]
    [InlineData("/api/papers?date=9999-12-31", "date")]
    [InlineData("/api/papers?month=9999-12", "month")]
    [InlineData("/api/papers?date=0001-01-01", "date")]
    [InlineData("/api/papers?q=a%00b", "q")]
    [InlineData("/api/papers?submittedBy=%01", "submittedBy")]
    public async Task Query_Values_Out_Of_Their_Domain_Are_400(string path, string field)
    {
        using var client = platform.CreateClient();
        using var response = await client.Http.GetAsync(path);
        await AssertProblemAsync(response, field);
    }

    [Fact]
    public async Task An_Empty_Notification_Cursor_Is_400()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        using var response = await client.Http.GetAsync("/api/notifications?cursor=");
        await AssertProblemAsync(response, "cursor");
    }

    [Theory]
    [InlineData("a@(b")]
    [InlineData("Ada <ada@example.org>")]
    [InlineData("ada@example.org, eve@example.org")]
    [InlineData("ada@localhost")]
    public async Task An_Address_MimeKit_Would_Not_Take_Is_400_When_Saved(string email)
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();

        using var response = await client.Http.PutAsJsonAsync("/api/subscriptions", new { email, digest = "daily", keywords = Array.Empty<string>() });

        await AssertProblemAsync(response, "email");
        var stored = await client.GetJsonAsync("/api/subscriptions");
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("email").ValueKind);
    }

    [Fact]
    public async Task Private_Use_Characters_The_Highlighter_Uses_Are_Stripped_At_Ingestion()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        var arxivId = TestHelpers.UniqueArxivId();

        using var submitted = await client.SubmitPaperAsync(arxivId, title: "Marked\uE000 up\uE001 title");
        await submitted.EnsureStatusAsync(HttpStatusCode.Accepted);

        var paper = await client.WaitForPaperAsync(arxivId);
        Assert.Equal("Marked up title", paper.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_Body_In_A_Charset_Other_Than_Utf8_Is_415_Not_500()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        using var body = new StringContent("""{"username":"someone","password":"password"}""");
        body.Headers.ContentType = new("application/json") { CharSet = "nonsense" };

        using var response = await client.Http.PostAsync("/api/accounts/token", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("UTF-8", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Json_That_Cannot_Be_Read_Is_Explained_Without_Type_Names_Or_Parser_Positions()
    {
        using var client = platform.CreateClient();
        using var wrongType = await client.Http.PostAsync("/api/accounts", new StringContent("""{"username":"someone","email":7,"password":"long-enough-password"}""", System.Text.Encoding.UTF8, "application/json"));
        using var notUtf8 = await client.Http.PostAsync("/api/session", new ByteArrayContent([.. "{\"username\":\"a"u8, 0xC3, 0x28, .. "\",\"password\":\"p\"}"u8])
        {
            Headers = { ContentType = new("application/json") },
        });

        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        var detail = (await wrongType.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("'email'", detail);
        Assert.DoesNotContain("PapersPlatform", detail);
        Assert.DoesNotContain("LineNumber", detail);
        Assert.Equal(HttpStatusCode.BadRequest, notUtf8.StatusCode);
        Assert.Equal("application/problem+json", notUtf8.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_Error_Is_Problem_Json_Even_When_The_Client_Accepts_Only_Xml()
    {
        using var client = platform.CreateClient();
        client.Http.DefaultRequestHeaders.Accept.ParseAdd("application/xml");

        using var unauthorized = await client.Http.GetAsync("/api/subscriptions");
        using var invalid = await client.Http.PostAsJsonAsync("/api/accounts", new { username = "someone", email = "", password = "" });

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("application/problem+json", unauthorized.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_Header_That_Is_Not_Ascii_Is_400_At_The_Gateway_And_Ejects_No_Instance()
    {
        using var http = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 }) { BaseAddress = platform.GatewayAddress };

        for (var i = 0; i < 10; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/trending");
            request.Headers.TryAddWithoutValidation("Accept-Language", "٢");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var health = await http.GetAsync("/health");
        Assert.Equal("Healthy", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    /// <summary>A 400 problem+json with an error for <paramref name="field"/>; returns that error's text.</summary>
    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, string field)
    {
        await response.EnsureStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = string.Join(" ", problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(item => item.GetString()));
        Assert.DoesNotContain("System.", error);
        Assert.DoesNotContain("Exception", error);
        return error;
    }
}
