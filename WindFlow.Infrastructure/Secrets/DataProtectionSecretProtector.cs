using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using WindFlow.Core.Common;

namespace WindFlow.Infrastructure.Secrets;

/// <summary>
/// <see cref="ISecretProtector"/> on ASP.NET Core Data Protection; the key ring lives in the
/// database (<see cref="DbXmlRepository"/>), so every instance can read what another wrote.
/// </summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    public string Protect(string purpose, string plaintext) => provider.CreateProtector(purpose).Protect(plaintext);

    public string Unprotect(string purpose, string ciphertext)
    {
        try
        {
            return provider.CreateProtector(purpose).Unprotect(ciphertext);
        }
        catch (CryptographicException ex)
        {
            throw new SecretUnreadableException(
                "Stored credentials cannot be decrypted (the Data Protection key that encrypted them is missing or revoked): enter them again.", ex);
        }
    }
}
