using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PapersPlatform.Ingestion.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class OutboxSetAside : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "attempts",
                schema: "ingestion",
                table: "outbox_messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "last_error",
                schema: "ingestion",
                table: "outbox_messages",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "retry_at",
                schema: "ingestion",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "set_aside_at",
                schema: "ingestion",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_set_aside",
                schema: "ingestion",
                table: "outbox_messages",
                column: "set_aside_at",
                filter: "set_aside_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_set_aside",
                schema: "ingestion",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "attempts",
                schema: "ingestion",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "last_error",
                schema: "ingestion",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "retry_at",
                schema: "ingestion",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "set_aside_at",
                schema: "ingestion",
                table: "outbox_messages");
        }
    }
}
