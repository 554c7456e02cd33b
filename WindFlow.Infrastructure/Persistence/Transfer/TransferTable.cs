using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace WindFlow.Infrastructure.Persistence.Transfer;

/// <summary>One of WindFlow's EF tables as the copy sees it: its columns and how to read them.</summary>
public sealed class TransferTable
{
    private static readonly System.Reflection.MethodInfo ReadTyped =
        typeof(TransferTable).GetMethod(nameof(Read), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private readonly Func<DbDataReader, int, object?>[] _readers;

    private TransferTable(string name, IReadOnlyList<string> columns, IReadOnlyList<string> storeTypes, IReadOnlyList<Type> types)
    {
        Name = name;
        Columns = columns;
        StoreTypes = storeTypes;
        _readers = types
            .Select(t => ReadTyped.MakeGenericMethod(t).CreateDelegate<Func<DbDataReader, int, object?>>())
            .ToArray();
    }

    /// <summary>Table name.</summary>
    public string Name { get; }

    /// <summary>Column names, in the order every query here uses.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>PostgreSQL column types, for casts in INSERT statements.</summary>
    public IReadOnlyList<string> StoreTypes { get; }

    /// <summary><c>SELECT</c> of every column.</summary>
    public string SelectSql => $"SELECT {string.Join(", ", Columns.Select(Quote))} FROM {Quote(Name)}";

    /// <summary>Reads the current row as the CLR values EF would hand to the provider, so both databases yield equal values.</summary>
    public object?[] ReadRow(DbDataReader reader)
    {
        var row = new object?[_readers.Length];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = _readers[i](reader, i);
        }

        return row;
    }

    /// <summary>Double-quotes an identifier (both databases accept it).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Every table of the PostgreSQL model, parents before children (foreign keys), so rows can be
    /// inserted in this order and deleted in the reverse one. Ties are broken by name to keep the
    /// order (and the progress output) stable.
    /// </summary>
    public static IReadOnlyList<TransferTable> InDependencyOrder(PostgresWindFlowDbContext context)
    {
        var model = context.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        var tables = model.Tables.Where(t => t.Schema is null).ToDictionary(t => t.Name, StringComparer.Ordinal);
        var parents = tables.Values.ToDictionary(
            t => t.Name,
            t => t.ForeignKeyConstraints.Select(fk => fk.PrincipalTable.Name).Where(p => p != t.Name && tables.ContainsKey(p)).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var ordered = new List<TransferTable>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (done.Count < tables.Count)
        {
            var next = tables.Keys.Where(n => !done.Contains(n) && parents[n].IsSubsetOf(done)).Order(StringComparer.Ordinal).FirstOrDefault()
                ?? throw new InvalidOperationException("WindFlow's tables have a foreign-key cycle; the copy cannot order them.");
            done.Add(next);
            ordered.Add(Describe(tables[next]));
        }

        return ordered;
    }

    private static TransferTable Describe(ITable table)
    {
        var columns = table.Columns.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        return new TransferTable(
            table.Name,
            columns.Select(c => c.Name).ToList(),
            columns.Select(c => c.StoreType).ToList(),
            columns.Select(c => Nullable.GetUnderlyingType(c.ProviderClrType) ?? c.ProviderClrType).ToList());
    }

    private static object? Read<T>(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
