using PapersPlatform.Embeddings.Apis;
using PapersPlatform.Embeddings.Encoding;
using PapersPlatform.Embeddings.Extensions;
using PapersPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

// The model for searches loaded and run once before the first search: a search waits for it only
// a short budget, and the first run of a model is many times slower than the next.
await app.Services.GetRequiredService<QueryEncoder>().EncodeAsync("warming up", CancellationToken.None);

app.MapDefaultEndpoints();
app.MapRelatedPapersApi();
app.MapNearestPapersApi();

app.Run();
