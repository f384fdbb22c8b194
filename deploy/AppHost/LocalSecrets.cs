using System.Security.Cryptography;

namespace PapersPlatform.AppHost;

/// <summary>
/// The secrets of a local run (database passwords, the key that signs unsubscribe links) in
/// .data/secrets.env, one NAME=value per line: a secret is generated the first time something
/// asks for it and kept with the data, so that a service added later gets its password without
/// anyone listing it, and a restart finds the roles' passwords unchanged. Never committed.
/// </summary>
internal sealed class LocalSecrets
{
    private readonly string _file;
    private readonly Dictionary<string, string> _values;

    private LocalSecrets(string file, Dictionary<string, string> values) => (_file, _values) = (file, values);

    public static LocalSecrets Open(string file)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (File.Exists(file))
        {
            foreach (var line in File.ReadAllLines(file))
            {
                var separator = line.IndexOf('=');
                if (separator > 0 && !line.StartsWith('#'))
                {
                    values[line[..separator].Trim()] = line[(separator + 1)..].Trim();
                }
            }
        }
        return new LocalSecrets(file, values);
    }

    /// <summary>The secret's value, generated (48 hex digits) and appended to the file if new.</summary>
    public string GetOrCreate(string name)
    {
        lock (_values)
        {
            if (_values.TryGetValue(name, out var value))
            {
                return value;
            }
            value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            // Readable by this user only from the moment it exists.
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(_file, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write($"{name}={value}\n");
            }
            _values[name] = value;
            return value;
        }
    }
}
