namespace WindFlow.Core.Common;

/// <summary>
/// Encrypts secrets at rest. A <c>purpose</c> isolates kinds of secrets: ciphertext made for one
/// purpose cannot be decrypted under another.
/// </summary>
public interface ISecretProtector
{
    /// <summary>Encrypts <paramref name="plaintext"/> for <paramref name="purpose"/>.</summary>
    string Protect(string purpose, string plaintext);

    /// <summary>Decrypts what <see cref="Protect"/> produced for the same <paramref name="purpose"/>.</summary>
    /// <exception cref="SecretUnreadableException">The ciphertext cannot be decrypted (wrong purpose, lost or revoked key).</exception>
    string Unprotect(string purpose, string ciphertext);
}

/// <summary>A stored secret cannot be decrypted, typically because the key ring it was made with is gone.</summary>
public sealed class SecretUnreadableException(string message, Exception? innerException = null) : Exception(message, innerException);
