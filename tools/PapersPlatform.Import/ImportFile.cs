using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace PapersPlatform.Import;

/// <summary>An import file cut into request-sized batches, in its own format.</summary>
internal abstract class ImportFile(string path)
{
    public string Path { get; } = path;

    public abstract string ContentType { get; }

    public static ImportFile Open(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)
            ? new JsonLinesFile(path)
            : path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".atom", StringComparison.OrdinalIgnoreCase)
                ? new AtomFile(path)
                : throw new ArgumentException($"{path}: use a .jsonl/.ndjson (JSON Lines) or .atom/.xml (arXiv Atom) file.");

    /// <summary>How many papers the file holds (one pass, so the progress bar knows its end).</summary>
    public int Count() => Items().Count();

    public IEnumerable<(byte[] Body, int Papers)> Batches(int size) =>
        Items().Chunk(size).Select(chunk => (Wrap(chunk), chunk.Length));

    protected abstract IEnumerable<string> Items();

    protected abstract byte[] Wrap(string[] items);

    private sealed class JsonLinesFile(string path) : ImportFile(path)
    {
        public override string ContentType => "application/x-ndjson";

        protected override IEnumerable<string> Items() => File.ReadLines(Path).Where(line => !string.IsNullOrWhiteSpace(line));

        protected override byte[] Wrap(string[] items) => Encoding.UTF8.GetBytes(string.Join('\n', items));
    }

    private sealed class AtomFile(string path) : ImportFile(path)
    {
        private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

        public override string ContentType => "application/atom+xml";

        protected override IEnumerable<string> Items()
        {
            using var reader = XmlReader.Create(Path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "entry" && reader.NamespaceURI == Atom.NamespaceName)
                {
                    // A detached entry writes out the namespace declarations it needs.
                    yield return XNode.ReadFrom(reader).ToString(SaveOptions.DisableFormatting);
                }
                else
                {
                    reader.Read();
                }
            }
        }

        protected override byte[] Wrap(string[] items) =>
            Encoding.UTF8.GetBytes($"<feed xmlns=\"{Atom.NamespaceName}\">{string.Concat(items)}</feed>");
    }
}
