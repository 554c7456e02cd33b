namespace WindFlow.Core.Targets;

/// <summary>
/// Secrets needed to reach a remote engine. <c>tcp://</c> endpoints need <see cref="CaPem"/> (the CA
/// that signed the daemon's certificate) and normally the client certificate and its key, which
/// <c>dockerd --tlsverify</c> requires; <c>ssh://</c> endpoints use <see cref="SshPrivateKey"/>
/// (OpenSSH or PEM format, without passphrase).
/// </summary>
/// <param name="CaPem">PEM of the CA the daemon's certificate must chain to; the only trust anchor used.</param>
/// <param name="CertPem">PEM of the client certificate presented to the daemon.</param>
/// <param name="KeyPem">PEM of the client certificate's private key.</param>
/// <param name="SshPrivateKey">Private key the system <c>ssh</c> client authenticates with.</param>
public sealed record EngineCredentials(string? CaPem, string? CertPem, string? KeyPem, string? SshPrivateKey)
{
    /// <summary>Credentials for a <c>tcp://</c> endpoint with TLS client authentication.</summary>
    public static EngineCredentials ForTls(string caPem, string certPem, string keyPem) => new(caPem, certPem, keyPem, null);

    /// <summary>Credentials for an <c>ssh://</c> endpoint.</summary>
    public static EngineCredentials ForSsh(string privateKey) => new(null, null, null, privateKey);

    /// <summary>Never prints the secrets, so a logged record leaks nothing.</summary>
    public override string ToString() =>
        $"EngineCredentials {{ Ca = {CaPem is not null}, ClientCertificate = {CertPem is not null}, SshKey = {SshPrivateKey is not null} }}";
}
