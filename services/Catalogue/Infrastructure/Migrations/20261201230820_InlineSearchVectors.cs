using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PapersPlatform.Catalogue.Infrastructure.Migrations
{
    /// <summary>
    /// Keeps each paper's search vector in the row instead of in the TOAST table (storage MAIN).
    /// A vector of a 120-word abstract is about 2 KB, just over the size at which Postgres moves a
    /// value out of line, so every match test of a search fetched it with three more page reads
    /// from TOAST: testing the newest 3,300 papers for a common word took 20 ms that way and 5 ms
    /// in the row (docs/papers.md, Search). EF Core has no model setting for column storage.
    /// </summary>
    public partial class InlineSearchVectors : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE catalogue.papers ALTER COLUMN search_vector SET STORAGE MAIN");
            // Storage applies to values written from now on; recomputing the generated column
            // rewrites the papers already stored, once.
            migrationBuilder.Sql("UPDATE catalogue.papers SET search_vector = DEFAULT");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE catalogue.papers ALTER COLUMN search_vector SET STORAGE EXTENDED");
        }
    }
}
