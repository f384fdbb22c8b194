using PapersPlatform.Embeddings.Apis;
using PapersPlatform.Embeddings.Encoding;
using PapersPlatform.Embeddings.Extensions;
using PapersPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

// The models for searches loaded and run once before the first search: a search waits for them
// only a short budget, and the first run of a model is many times slower than the next.
var queries = app.Services.GetRequiredService<QueryEncoder>();
await Task.WhenAll(Enumerable.Range(0, Environment.ProcessorCount).Select(_ => queries.EncodeAsync("warming up", CancellationToken.None)));

app.MapDefaultEndpoints();
app.MapRelatedPapersApi();
app.MapNearestPapersApi();

app.Run();
