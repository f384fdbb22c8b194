using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PapersPlatform.Embeddings.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Backfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "backfill",
                schema: "embeddings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    cursor = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    papers_read = table.Column<long>(type: "bigint", nullable: false),
                    papers_added = table.Column<long>(type: "bigint", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_backfill", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "backfill",
                schema: "embeddings");
        }
    }
}
