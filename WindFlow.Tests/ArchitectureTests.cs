using System.Reflection;
using WindFlow.Core.Accounts;
using WindFlow.Infrastructure.Persistence;

namespace WindFlow.Tests;

/// <summary>Core holds use cases and ports only; adapters and hosting stay outside it.</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Core = typeof(AuthTokenService).Assembly;
    private static readonly Assembly Infrastructure = typeof(WindFlowDbContext).Assembly;

    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Quartz")]
    [InlineData("Npgsql")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("System.Net.Http")]
    [InlineData("WindFlow.Infrastructure")]
    [InlineData("WindFlow.Web")]
    public void GetReferencedAssemblies_Core_ExcludesForbiddenFamily(string family)
    {
        Assert.Empty(ReferencesIn(Core, family));
    }

    [Fact]
    public void GetReferencedAssemblies_Infrastructure_ExcludesWeb()
    {
        Assert.Empty(ReferencesIn(Infrastructure, "WindFlow.Web"));
    }

    // Guards the guard: the same lookup must find references that really exist.
    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("WindFlow.Core")]
    public void GetReferencedAssemblies_Infrastructure_FindsItsAdapterReferences(string family)
    {
        Assert.NotEmpty(ReferencesIn(Infrastructure, family));
    }

    // "Npgsql" matches Npgsql and Npgsql.EntityFrameworkCore.PostgreSQL, but not NpgsqlFoo.
    private static List<string> ReferencesIn(Assembly assembly, string family) =>
        assembly.GetReferencedAssemblies()
            .Select(r => r.Name ?? "")
            .Where(name => name == family || name.StartsWith(family + ".", StringComparison.Ordinal))
            .ToList();
}
