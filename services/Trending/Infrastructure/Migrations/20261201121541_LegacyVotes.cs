using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PapersPlatform.Trending.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class LegacyVotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ledger_since",
                schema: "trending",
                table: "papers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "legacy_score",
                schema: "trending",
                table: "papers",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "legacy_upvotes",
                schema: "trending",
                table: "papers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Votes counted before the ledger have no rows: keep what they made, for
            // recomputations and for withdrawals of them (cast before ledger_since).
            migrationBuilder.Sql("""
                UPDATE trending.papers SET legacy_upvotes = upvotes, legacy_score = score, ledger_since = now()
                WHERE upvotes > 0 AND NOT EXISTS (SELECT 1 FROM trending.votes v WHERE v.arxiv_id = papers.arxiv_id)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ledger_since",
                schema: "trending",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "legacy_score",
                schema: "trending",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "legacy_upvotes",
                schema: "trending",
                table: "papers");
        }
    }
}
