using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PapersPlatform.Accounts.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class TokenGeneration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "token_generation",
                schema: "accounts",
                table: "users",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "token_generation",
                schema: "accounts",
                table: "users");
        }
    }
}
