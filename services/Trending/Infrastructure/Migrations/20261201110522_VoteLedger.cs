using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PapersPlatform.Trending.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class VoteLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "votes",
                schema: "trending",
                columns: table => new
                {
                    arxiv_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    voter = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    voted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_votes", x => new { x.arxiv_id, x.voter, x.voted_at });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "votes",
                schema: "trending");
        }
    }
}
