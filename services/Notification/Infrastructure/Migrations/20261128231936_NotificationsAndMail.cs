using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PapersPlatform.Notification.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class NotificationsAndMail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_notifications_recipient_created_at",
                schema: "notification",
                table: "notifications");

            migrationBuilder.AlterColumn<string>(
                name: "email",
                schema: "notification",
                table: "subscriptions",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(254)",
                oldMaxLength: 254);

            migrationBuilder.AddColumn<int>(
                name: "count",
                schema: "notification",
                table: "notifications",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "group_key",
                schema: "notification",
                table: "notifications",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "mail_id",
                schema: "notification",
                table: "notifications",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "mail_pending",
                schema: "notification",
                table: "notifications",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "sequence",
                schema: "notification",
                table: "notifications",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "digest_runs",
                schema: "notification",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    frequency = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    period_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    papers = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_digest_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "keyword_alerts",
                schema: "notification",
                columns: table => new
                {
                    phrase = table.Column<string>(type: "text", nullable: false),
                    user_name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    keyword = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_keyword_alerts", x => new { x.phrase, x.user_name });
                });

            migrationBuilder.CreateTable(
                name: "mails",
                schema: "notification",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    address = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    digest_run_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    leased_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    abandoned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mails", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notification_streams",
                schema: "notification",
                columns: table => new
                {
                    recipient = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_streams", x => x.recipient);
                });

            migrationBuilder.CreateTable(
                name: "papers",
                schema: "notification",
                columns: table => new
                {
                    arxiv_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    authors = table.Column<List<string>>(type: "text[]", nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: true),
                    score_version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_papers", x => x.arxiv_id);
                });

            // Notifications from before this migration: each recipient's in creation order, one event each;
            // and the keyword index of existing subscriptions (without the accent folding new ones get).
            migrationBuilder.Sql("""
                UPDATE notification.notifications target SET sequence = numbered.position, count = 1
                FROM (SELECT id, row_number() OVER (PARTITION BY recipient ORDER BY created_at, id) AS position FROM notification.notifications) numbered
                WHERE target.id = numbered.id;
                INSERT INTO notification.notification_streams (recipient, last_sequence)
                SELECT recipient, max(sequence) FROM notification.notifications GROUP BY recipient;
                INSERT INTO notification.keyword_alerts (phrase, user_name, keyword)
                SELECT DISTINCT ON (phrase, user_name) phrase, user_name, keyword
                FROM (SELECT btrim(lower(regexp_replace(keyword, '[^[:alnum:]]+', ' ', 'g'))) AS phrase, user_name, keyword
                      FROM notification.subscriptions, unnest(keywords) AS keyword) normalised
                WHERE phrase <> '';
                """);

            migrationBuilder.CreateIndex(
                name: "ix_notifications_mail_id",
                schema: "notification",
                table: "notifications",
                column: "mail_id");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_mail_pending",
                schema: "notification",
                table: "notifications",
                column: "recipient",
                filter: "mail_pending");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_recipient_group_key",
                schema: "notification",
                table: "notifications",
                columns: new[] { "recipient", "group_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_notifications_recipient_sequence",
                schema: "notification",
                table: "notifications",
                columns: new[] { "recipient", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_digest_runs_frequency_period_start",
                schema: "notification",
                table: "digest_runs",
                columns: new[] { "frequency", "period_start" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_keyword_alerts_user_name",
                schema: "notification",
                table: "keyword_alerts",
                column: "user_name");

            migrationBuilder.CreateIndex(
                name: "ix_mails_due",
                schema: "notification",
                table: "mails",
                column: "due_at",
                filter: "sent_at IS NULL AND abandoned_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_mails_user_name_digest_run_id",
                schema: "notification",
                table: "mails",
                columns: new[] { "user_name", "digest_run_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_papers_submitted_at_score",
                schema: "notification",
                table: "papers",
                columns: new[] { "submitted_at", "score" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "digest_runs",
                schema: "notification");

            migrationBuilder.DropTable(
                name: "keyword_alerts",
                schema: "notification");

            migrationBuilder.DropTable(
                name: "mails",
                schema: "notification");

            migrationBuilder.DropTable(
                name: "notification_streams",
                schema: "notification");

            migrationBuilder.DropTable(
                name: "papers",
                schema: "notification");

            migrationBuilder.DropIndex(
                name: "ix_notifications_mail_id",
                schema: "notification",
                table: "notifications");

            migrationBuilder.DropIndex(
                name: "ix_notifications_mail_pending",
                schema: "notification",
                table: "notifications");

            migrationBuilder.DropIndex(
                name: "ix_notifications_recipient_group_key",
                schema: "notification",
                table: "notifications");

            migrationBuilder.DropIndex(
                name: "ix_notifications_recipient_sequence",
                schema: "notification",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "count",
                schema: "notification",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "group_key",
                schema: "notification",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "mail_id",
                schema: "notification",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "mail_pending",
                schema: "notification",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "sequence",
                schema: "notification",
                table: "notifications");

            migrationBuilder.AlterColumn<string>(
                name: "email",
                schema: "notification",
                table: "subscriptions",
                type: "character varying(254)",
                maxLength: 254,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(254)",
                oldMaxLength: 254,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_notifications_recipient_created_at",
                schema: "notification",
                table: "notifications",
                columns: new[] { "recipient", "created_at" });
        }
    }
}
