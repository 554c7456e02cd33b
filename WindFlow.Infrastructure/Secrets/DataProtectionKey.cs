namespace WindFlow.Infrastructure.Secrets;

/// <summary>One XML element of the Data Protection key ring.</summary>
public sealed class DataProtectionKey
{
    /// <summary>Primary key.</summary>
    public int Id { get; set; }

    /// <summary>The key's friendly name (its id), as given by Data Protection.</summary>
    public string? FriendlyName { get; set; }

    /// <summary>The key element; the key material inside is itself protected at rest where configured.</summary>
    public required string Xml { get; set; }
}
