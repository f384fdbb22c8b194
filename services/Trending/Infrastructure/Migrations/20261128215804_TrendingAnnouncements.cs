using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PapersPlatform.Trending.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class TrendingAnnouncements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "announced_trending_at",
                schema: "trending",
                table: "papers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "submitted_by",
                schema: "trending",
                table: "papers",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "announced_trending_at",
                schema: "trending",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "submitted_by",
                schema: "trending",
                table: "papers");
        }
    }
}
