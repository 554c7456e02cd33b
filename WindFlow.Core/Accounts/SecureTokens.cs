using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace WindFlow.Core.Accounts;

/// <summary>Random opaque tokens and the hashes under which they are stored.</summary>
public static class SecureTokens
{
    /// <summary>A base64url string of <paramref name="bytes"/> random bytes from the OS CSPRNG.</summary>
    public static string Create(int bytes = 32) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>
    /// SHA-256 of the token, base64url. Tokens carry 256 bits of entropy, so a fast unsalted hash is
    /// enough: the stored value cannot be reversed or guessed.
    /// </summary>
    public static string Hash(string token) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
