using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PapersPlatform.Notification.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReceivedUpvotesEarlyScoresMailFencing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "arxiv_id",
                schema: "notification",
                table: "papers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.AddColumn<int>(
                name: "attempts",
                schema: "notification",
                table: "outbox_messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "last_error",
                schema: "notification",
                table: "outbox_messages",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "retry_at",
                schema: "notification",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "set_aside_at",
                schema: "notification",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "lease_token",
                schema: "notification",
                table: "mails",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "early_trending_scores",
                schema: "notification",
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

            migrationBuilder.CreateTable(
                name: "received_upvotes",
                schema: "notification",
                columns: table => new
                {
                    arxiv_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    voter = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    voted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recipient = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_received_upvotes", x => new { x.arxiv_id, x.voter, x.voted_at });
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_set_aside",
                schema: "notification",
                table: "outbox_messages",
                column: "set_aside_at",
                filter: "set_aside_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_received_upvotes_arxiv_id_voted_at",
                schema: "notification",
                table: "received_upvotes",
                columns: new[] { "arxiv_id", "voted_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "early_trending_scores",
                schema: "notification");

            migrationBuilder.DropTable(
                name: "received_upvotes",
                schema: "notification");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_set_aside",
                schema: "notification",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "attempts",
                schema: "notification",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "last_error",
                schema: "notification",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "retry_at",
                schema: "notification",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "set_aside_at",
                schema: "notification",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "lease_token",
                schema: "notification",
                table: "mails");

            migrationBuilder.AlterColumn<string>(
                name: "arxiv_id",
                schema: "notification",
                table: "papers",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);
        }
    }
}
