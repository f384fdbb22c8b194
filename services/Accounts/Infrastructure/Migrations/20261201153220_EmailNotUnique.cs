using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PapersPlatform.Accounts.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class EmailNotUnique : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_users_normalized_email",
                schema: "accounts",
                table: "users");

            migrationBuilder.CreateIndex(
                name: "ix_users_normalized_email",
                schema: "accounts",
                table: "users",
                column: "normalized_email");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_users_normalized_email",
                schema: "accounts",
                table: "users");

            migrationBuilder.CreateIndex(
                name: "ix_users_normalized_email",
                schema: "accounts",
                table: "users",
                column: "normalized_email",
                unique: true);
        }
    }
}
