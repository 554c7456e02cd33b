using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace WindFlow.Tests.TestSupport;

/// <summary>
/// Describes a database schema as sorted, normalised lines (one per table, column, key, index), so
/// two schemas can be compared with <c>Assert.Equal</c> and a failure shows exactly what differs.
/// EF's own bookkeeping tables (<c>__EFMigrationsHistory</c>, <c>__EFMigrationsLock</c>) are left out.
/// </summary>
public static partial class SchemaDescriber
{
    public static async Task<IReadOnlyList<string>> DescribeSqliteAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var lines = new List<string>();

        var objects = await QueryAsync(
            connection,
            "SELECT type, name, tbl_name, sql FROM sqlite_master",
            r => (Type: r.GetString(0), Name: r.GetString(1), Table: r.GetString(2), Sql: r.IsDBNull(3) ? "" : r.GetString(3)),
            cancellationToken);
        var userObjects = objects.Where(o => !IsInternal(o.Table) && !o.Name.StartsWith("sqlite_", StringComparison.Ordinal)).ToList();

        foreach (var view in userObjects.Where(o => o.Type is "view" or "trigger"))
        {
            lines.Add($"{view.Type} {view.Name} on {view.Table}");
        }

        foreach (var table in userObjects.Where(o => o.Type == "table"))
        {
            // SQLite only allows AUTOINCREMENT on an INTEGER PRIMARY KEY, so a table-level flag is exact.
            var autoincrement = table.Sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase) ? " autoincrement" : "";
            lines.Add($"table {table.Name}{autoincrement}");

            var columns = await QueryAsync(
                connection,
                "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($table)",
                r => (Name: r.GetString(0), Type: r.GetString(1), NotNull: r.GetInt64(2), Default: r.IsDBNull(3) ? null : r.GetString(3), Pk: r.GetInt64(4)),
                ("$table", table.Name),
                cancellationToken);
            foreach (var column in columns)
            {
                lines.Add($"column {table.Name}.{column.Name} type={column.Type.ToUpperInvariant()} nullable={(column.NotNull == 0 ? "yes" : "no")} default={NormaliseDefault(column.Default)}");
            }

            var key = columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();
            if (key.Count > 0)
            {
                lines.Add($"primary key {table.Name}({string.Join(", ", key)})");
            }

            var foreignKeys = await QueryAsync(
                connection,
                "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete, \"match\" FROM pragma_foreign_key_list($table) ORDER BY id, seq",
                r => (Id: r.GetInt64(0), Principal: r.GetString(2), From: r.GetString(3), To: r.IsDBNull(4) ? "?" : r.GetString(4), OnUpdate: r.GetString(5), OnDelete: r.GetString(6), Match: r.GetString(7)),
                ("$table", table.Name),
                cancellationToken);
            foreach (var fk in foreignKeys.GroupBy(f => f.Id))
            {
                var first = fk.First();
                lines.Add(
                    $"foreign key {table.Name}({string.Join(", ", fk.Select(f => f.From))}) -> {first.Principal}({string.Join(", ", fk.Select(f => f.To))}) "
                    + $"on delete {first.OnDelete} on update {first.OnUpdate} match {first.Match}");
            }

            var indexes = await QueryAsync(
                connection,
                "SELECT name, \"unique\", origin, partial FROM pragma_index_list($table)",
                r => (Name: r.GetString(0), Unique: r.GetInt64(1), Origin: r.GetString(2), Partial: r.GetInt64(3)),
                ("$table", table.Name),
                cancellationToken);
            foreach (var index in indexes.Where(i => i.Origin != "pk"))
            {
                // pragma_index_xinfo is pragma_index_info plus sort order and collation.
                var indexColumns = await QueryAsync(
                    connection,
                    "SELECT name, \"desc\", coll FROM pragma_index_xinfo($index) WHERE key = 1 ORDER BY seqno",
                    r => (r.IsDBNull(0) ? "<expression>" : r.GetString(0))
                        + (r.GetInt64(1) == 1 ? " DESC" : "")
                        + (r.IsDBNull(2) || r.GetString(2) == "BINARY" ? "" : " COLLATE " + r.GetString(2)),
                    ("$index", index.Name),
                    cancellationToken);
                var name = index.Origin == "u" ? "<unique constraint>" : index.Name;
                var filter = index.Partial == 1
                    ? " where " + Collapse(userObjects.Single(o => o.Name == index.Name).Sql.Split(" WHERE ", 2, StringSplitOptions.None)[^1])
                    : "";
                lines.Add($"index {table.Name}.{name} unique={(index.Unique == 1 ? "yes" : "no")} columns=({string.Join(", ", indexColumns)}){filter}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public static async Task<IReadOnlyList<string>> DescribePostgresAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var lines = new List<string>();

        var tables = await QueryAsync(
            connection,
            "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public'",
            r => (Name: r.GetString(0), Type: r.GetString(1)),
            cancellationToken);
        lines.AddRange(tables.Where(t => !IsInternal(t.Name)).Select(t => $"table {t.Name} type={t.Type}"));

        var columns = await QueryAsync(
            connection,
            """
            SELECT table_name, column_name, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale,
                   datetime_precision, is_nullable, column_default, collation_name, is_identity, identity_generation,
                   identity_start, identity_increment, identity_minimum, identity_maximum, identity_cycle, is_generated, generation_expression
            FROM information_schema.columns
            WHERE table_schema = 'public'
            """,
            r => (Table: r.GetString(0), Line:
                $"column {r.GetString(0)}.{r.GetString(1)} type={r.GetString(2)} udt={r.GetString(3)} maxlength={Text(r, 4)} "
                + $"precision={Text(r, 5)},{Text(r, 6)},{Text(r, 7)} nullable={r.GetString(8)} default={NormaliseDefault(r.IsDBNull(9) ? null : r.GetString(9))} "
                + $"collation={Text(r, 10)} identity={r.GetString(11)}/{Text(r, 12)}/{Text(r, 13)}/{Text(r, 14)}/{Text(r, 15)}/{Text(r, 16)}/{Text(r, 17)} "
                + $"generated={Text(r, 18)}/{Text(r, 19)}"),
            cancellationToken);
        lines.AddRange(columns.Where(c => !IsInternal(c.Table)).Select(c => c.Line));

        // pg_get_constraintdef is PostgreSQL's canonical rendering, e.g. "FOREIGN KEY ("UserId")
        // REFERENCES "AspNetUsers"("Id") ON DELETE CASCADE", so it compares keys and on-delete rules.
        var constraints = await QueryAsync(
            connection,
            """
            SELECT cl.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid)
            FROM pg_constraint con
            JOIN pg_class cl ON cl.oid = con.conrelid
            JOIN pg_namespace ns ON ns.oid = cl.relnamespace
            WHERE ns.nspname = 'public'
            """,
            r => (Table: r.GetString(0), Line: $"constraint {r.GetString(0)}.{r.GetString(1)} {ConstraintKind(r.GetString(2))} {r.GetString(3)}"),
            cancellationToken);
        lines.AddRange(constraints.Where(c => !IsInternal(c.Table)).Select(c => c.Line));

        var indexes = await QueryAsync(
            connection,
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
            r => (Table: r.GetString(0), Line: $"index {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}"),
            cancellationToken);
        lines.AddRange(indexes.Where(i => !IsInternal(i.Table)).Select(i => i.Line));

        var sequences = await QueryAsync(
            connection,
            """
            SELECT c.relname, coalesce(owner.relname, '')
            FROM pg_class c
            JOIN pg_namespace ns ON ns.oid = c.relnamespace
            LEFT JOIN pg_depend d ON d.objid = c.oid AND d.deptype IN ('a', 'i')
            LEFT JOIN pg_class owner ON owner.oid = d.refobjid
            WHERE ns.nspname = 'public' AND c.relkind = 'S'
            """,
            r => (Owner: r.GetString(1), Line: $"sequence {r.GetString(0)} owned by {r.GetString(1)}"),
            cancellationToken);
        lines.AddRange(sequences.Where(s => !IsInternal(s.Owner)).Select(s => s.Line));

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static bool IsInternal(string table) => table.StartsWith("__EFMigrations", StringComparison.Ordinal);

    private static string Text(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? "-" : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture) ?? "-";

    private static string ConstraintKind(string code) => code switch
    {
        "p" => "primary key",
        "f" => "foreign key",
        "u" => "unique",
        "c" => "check",
        "x" => "exclusion",
        _ => "kind " + code,
    };

    private static string NormaliseDefault(string? value)
    {
        if (value is null)
        {
            return "none";
        }

        var text = Collapse(value);
        while (text.Length >= 2 && text[0] == '(' && text[^1] == ')' && IsWrappedInOneParenthesis(text))
        {
            text = text[1..^1].Trim();
        }

        return text;
    }

    // "(0)" is one wrapped expression; "(a) + (b)" is not.
    private static bool IsWrappedInOneParenthesis(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0 && i < text.Length - 1)
            {
                return false;
            }
        }

        return true;
    }

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    private static async Task<List<T>> QueryAsync<T>(
        DbConnection connection,
        string sql,
        Func<DbDataReader, T> read,
        CancellationToken cancellationToken) =>
        await QueryAsync(connection, sql, read, null, cancellationToken);

    private static async Task<List<T>> QueryAsync<T>(
        DbConnection connection,
        string sql,
        Func<DbDataReader, T> read,
        (string Name, string Value)? parameter,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is var (name, value))
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
