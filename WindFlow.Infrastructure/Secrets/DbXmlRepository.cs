using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using WindFlow.Infrastructure.Persistence;

namespace WindFlow.Infrastructure.Secrets;

/// <summary>
/// Keeps the Data Protection key ring in the database so every instance of a cluster decrypts what
/// another encrypted. (Microsoft.AspNetCore.DataProtection.EntityFrameworkCore is not obtainable
/// here; this is the same idea in a few lines.)
/// </summary>
internal sealed class DbXmlRepository(IDbContextFactory<WindFlowDbContext> contexts) : IXmlRepository
{
    // IXmlRepository is synchronous by contract; Data Protection calls it rarely (key ring refresh).
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = contexts.CreateDbContext();
        return db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToList().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = contexts.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
