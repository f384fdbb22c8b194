using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PapersPlatform.Notification.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class EmailConfirmation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "email_confirmed_at",
                schema: "notification",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            // Addresses saved before double opt-in were never confirmed: each gets its confirmation
            // mail, and nothing else until it is followed.
            migrationBuilder.Sql("""
                INSERT INTO notification.mails (id, user_name, address, kind, created_at, due_at, attempts)
                SELECT gen_random_uuid(), user_name, email, 'confirmation', now(), now(), 0
                FROM notification.subscriptions WHERE email IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "email_confirmed_at",
                schema: "notification",
                table: "subscriptions");
        }
    }
}
