using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PapersPlatform.Trending.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class WindowRankIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_papers_submitted_at",
                schema: "trending",
                table: "papers");

            migrationBuilder.CreateIndex(
                name: "ix_papers_submitted_at_score",
                schema: "trending",
                table: "papers",
                columns: new[] { "submitted_at", "score" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_papers_submitted_at_score",
                schema: "trending",
                table: "papers");

            migrationBuilder.CreateIndex(
                name: "ix_papers_submitted_at",
                schema: "trending",
                table: "papers",
                column: "submitted_at");
        }
    }
}
