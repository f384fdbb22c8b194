using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PapersPlatform.Trending.Infrastructure.Migrations
{
    /// <summary>Scores are announced by ScoreAnnouncer, once per paper per interval, instead of once per vote.</summary>
    public partial class ScoreAnnouncements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "announced_version",
                schema: "trending",
                table: "papers",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // Every score so far was announced in its vote's transaction.
            migrationBuilder.Sql("UPDATE trending.papers SET announced_version = version");

            migrationBuilder.CreateIndex(
                name: "ix_papers_unannounced",
                schema: "trending",
                table: "papers",
                column: "arxiv_id",
                filter: "announced_version < version");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_papers_unannounced",
                schema: "trending",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "announced_version",
                schema: "trending",
                table: "papers");
        }
    }
}
