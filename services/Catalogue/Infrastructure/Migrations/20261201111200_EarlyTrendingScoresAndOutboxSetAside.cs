using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PapersPlatform.Catalogue.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class EarlyTrendingScoresAndOutboxSetAside : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "attempts",
                schema: "catalogue",
                table: "outbox_messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "last_error",
                schema: "catalogue",
                table: "outbox_messages",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "retry_at",
                schema: "catalogue",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "set_aside_at",
                schema: "catalogue",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "early_trending_scores",
                schema: "catalogue",
                columns: table => new
                {
                    arxiv_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_early_trending_scores", x => x.arxiv_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_set_aside",
                schema: "catalogue",
                table: "outbox_messages",
                column: "set_aside_at",
                filter: "set_aside_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "early_trending_scores",
                schema: "catalogue");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_set_aside",
                schema: "catalogue",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "attempts",
                schema: "catalogue",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "last_error",
                schema: "catalogue",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "retry_at",
                schema: "catalogue",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "set_aside_at",
                schema: "catalogue",
                table: "outbox_messages");
        }
    }
}
