using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace PapersPlatform.Catalogue.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class SearchAndListings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SearchVectorFunction.Create);

            migrationBuilder.DropIndex(
                name: "ix_papers_submitted_at",
                schema: "catalogue",
                table: "papers");

            migrationBuilder.AlterColumn<string>(
                name: "organization",
                schema: "catalogue",
                table: "papers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AddColumn<double>(
                name: "trending_score",
                schema: "catalogue",
                table: "papers",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<long>(
                name: "trending_version",
                schema: "catalogue",
                table: "papers",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_vector",
                schema: "catalogue",
                table: "papers",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "catalogue.paper_search_vector(title, authors, abstract)",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_papers_organization_submitted_at_arxiv_id",
                schema: "catalogue",
                table: "papers",
                columns: new[] { "organization", "submitted_at", "arxiv_id" },
                descending: new[] { false, true, false });

            migrationBuilder.CreateIndex(
                name: "ix_papers_search_vector",
                schema: "catalogue",
                table: "papers",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_papers_submitted_at_arxiv_id",
                schema: "catalogue",
                table: "papers",
                columns: new[] { "submitted_at", "arxiv_id" },
                descending: new[] { true, false });

            migrationBuilder.CreateIndex(
                name: "ix_papers_submitted_by_submitted_at_arxiv_id",
                schema: "catalogue",
                table: "papers",
                columns: new[] { "submitted_by", "submitted_at", "arxiv_id" },
                descending: new[] { false, true, false });

            migrationBuilder.CreateIndex(
                name: "ix_papers_trending_score_arxiv_id",
                schema: "catalogue",
                table: "papers",
                columns: new[] { "trending_score", "arxiv_id" },
                descending: new[] { true, false });

            migrationBuilder.CreateIndex(
                name: "ix_papers_upvotes_submitted_at_arxiv_id",
                schema: "catalogue",
                table: "papers",
                columns: new[] { "upvotes", "submitted_at", "arxiv_id" },
                descending: new[] { true, true, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_papers_organization_submitted_at_arxiv_id",
                schema: "catalogue",
                table: "papers");

            migrationBuilder.DropIndex(
                name: "ix_papers_search_vector",
                schema: "catalogue",
                table: "papers");

            migrationBuilder.DropIndex(
                name: "ix_papers_submitted_at_arxiv_id",
                schema: "catalogue",
                table: "papers");

            migrationBuilder.DropIndex(
                name: "ix_papers_submitted_by_submitted_at_arxiv_id",
                schema: "catalogue",
                table: "papers");

            migrationBuilder.DropIndex(
                name: "ix_papers_trending_score_arxiv_id",
                schema: "catalogue",
                table: "papers");

            migrationBuilder.DropIndex(
                name: "ix_papers_upvotes_submitted_at_arxiv_id",
                schema: "catalogue",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "search_vector",
                schema: "catalogue",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "trending_score",
                schema: "catalogue",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "trending_version",
                schema: "catalogue",
                table: "papers");

            migrationBuilder.AlterColumn<string>(
                name: "organization",
                schema: "catalogue",
                table: "papers",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_papers_submitted_at",
                schema: "catalogue",
                table: "papers",
                column: "submitted_at");

            migrationBuilder.Sql(SearchVectorFunction.Drop);
        }
    }
}
