using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace WindFlow.Infrastructure.Persistence.Migrations;

/// <summary>
/// Helpers for hand-written migrations shared by both providers. Column types are left to the
/// provider's type mapping (as EF's own generator would pick them), so one migration body produces
/// the SQLite and the PostgreSQL schema; only identity columns need a provider annotation.
/// </summary>
internal static class ProviderColumns
{
    public static OperationBuilder<AddColumnOperation> Identity(this OperationBuilder<AddColumnOperation> column, MigrationBuilder migration) =>
        migration.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL"
            ? column.Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
            : column.Annotation("Sqlite:Autoincrement", true);
}
