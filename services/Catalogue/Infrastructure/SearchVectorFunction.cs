namespace PapersPlatform.Catalogue.Infrastructure;

/// <summary>
/// The function behind the stored <c>search_vector</c> column: title weighs A, authors B, abstract
/// C, so ts_rank puts title matches first. It is declared IMMUTABLE (which it is, for a fixed
/// configuration) because a generated column may only call immutable functions and
/// array_to_string is only marked stable.
/// </summary>
internal static class SearchVectorFunction
{
    public const string Create = """
        CREATE OR REPLACE FUNCTION catalogue.paper_search_vector(title text, authors text[], abstract text)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT setweight(to_tsvector('english'::regconfig, title), 'A')
                || setweight(to_tsvector('english'::regconfig, array_to_string(authors, ' ')), 'B')
                || setweight(to_tsvector('english'::regconfig, abstract), 'C')
        $$
        """;

    public const string Drop = "DROP FUNCTION catalogue.paper_search_vector(text, text[], text)";
}
