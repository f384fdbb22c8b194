namespace PapersPlatform.Import;

/// <summary><paramref name="Parallel"/>: batches in flight at once, so the gateway and ingestion never wait for the client's next upload.</summary>
internal sealed record Arguments(string File, Uri Gateway, string? User, string? Password, int BatchSize, int Parallel)
{
    public static Arguments? Parse(string[] args)
    {
        string? file = null, user = null, password = null;
        var gateway = new Uri("http://localhost:8080");
        var batch = 1000;
        var parallel = 2;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--gateway" when i + 1 < args.Length: gateway = new Uri(args[++i]); break;
                case "--user" when i + 1 < args.Length: user = args[++i]; break;
                case "--password" when i + 1 < args.Length: password = args[++i]; break;
                case "--batch" when i + 1 < args.Length && int.TryParse(args[i + 1], out var size) && size > 0: batch = size; i++; break;
                case "--parallel" when i + 1 < args.Length && int.TryParse(args[i + 1], out var count) && count is > 0 and <= 8: parallel = count; i++; break;
                case var path when !path.StartsWith("--", StringComparison.Ordinal) && file is null: file = path; break;
                default: return null;
            }
        }
        return file is null ? null : new Arguments(file, gateway, user, password, batch, parallel);
    }
}
