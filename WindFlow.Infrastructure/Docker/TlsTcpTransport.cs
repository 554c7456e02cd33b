using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>
/// <c>tcp://host:port</c> with mutual TLS, as <c>dockerd --tlsverify</c> expects: the client presents
/// its certificate and trusts the daemon only if its certificate chains to the given CA (never to
/// the machine's CA store, which would accept any publicly signed certificate for that name).
/// </summary>
internal sealed class TlsTcpTransport : DockerTransport
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2? _clientCertificate;
    private readonly string _host;
    private readonly int _port;

    // Why the last server certificate was refused; the handshake exception itself only says "rejected".
    private volatile string? _lastRejection;

    public TlsTcpTransport(string endpoint, string host, int port, TlsMaterial material)
        : base(endpoint)
    {
        _host = host;
        _port = port;
        _ca = material.Ca;
        _clientCertificate = material.ClientCertificate;
        BaseAddress = new Uri($"https://{(host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host)}:{port}/");
    }

    public override Uri BaseAddress { get; }

    /// <summary>Parses the PEM credentials a TLS endpoint needs, failing with a message naming what is missing.</summary>
    public static TlsMaterial ReadCredentials(string endpoint, EngineCredentials? credentials)
    {
        if (credentials?.CaPem is not { Length: > 0 } caPem)
        {
            throw new EngineException(
                EngineErrorKind.InvalidEndpoint,
                $"The Docker endpoint {endpoint} needs TLS credentials: at least the CA certificate (PEM), normally also the client "
                + "certificate and its key. WindFlow does not speak to a daemon over unencrypted, unauthenticated TCP.");
        }

        if (string.IsNullOrWhiteSpace(credentials.CertPem) != string.IsNullOrWhiteSpace(credentials.KeyPem))
        {
            throw new EngineException(
                EngineErrorKind.InvalidEndpoint,
                $"The Docker endpoint {endpoint} needs both the client certificate and its private key, or neither.");
        }

        X509Certificate2 ca;
        try
        {
            ca = X509Certificate2.CreateFromPem(caPem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new EngineException(EngineErrorKind.InvalidEndpoint, $"The CA certificate for {endpoint} is not a valid PEM certificate: {ex.Message}", innerException: ex);
        }

        if (string.IsNullOrWhiteSpace(credentials.CertPem))
        {
            // A daemon started with --tls (without --tlsverify) accepts clients without a certificate.
            return new TlsMaterial(ca, null);
        }

        try
        {
            return new TlsMaterial(ca, X509Certificate2.CreateFromPem(credentials.CertPem, credentials.KeyPem));
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            ca.Dispose();
            throw new EngineException(
                EngineErrorKind.InvalidEndpoint,
                $"The client certificate or key for {endpoint} is not valid PEM, or the key does not belong to the certificate: {ex.Message}",
                innerException: ex);
        }
    }

    public override void Configure(SocketsHttpHandler handler)
    {
        handler.ConnectTimeout = TimeSpan.FromSeconds(15);
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = _clientCertificate is null ? null : new X509CertificateCollection { _clientCertificate },
            RemoteCertificateValidationCallback = ValidateServerCertificate,
        };
    }

    public override async ValueTask<EngineException> DescribeFailureAsync(HttpRequestException exception, CancellationToken cancellationToken)
    {
        if (exception.HttpRequestError == HttpRequestError.ConnectionError)
        {
            var socketError = Find<SocketException>(exception);
            var reason = socketError?.SocketErrorCode == SocketError.ConnectionRefused
                ? $"connection refused on {_host}:{_port} (is dockerd listening there?)"
                : socketError?.Message ?? InnermostMessage(exception);
            return new EngineException(EngineErrorKind.Unreachable, $"The Docker daemon is unreachable at {Endpoint}: {reason}", innerException: exception);
        }

        if (exception.HttpRequestError == HttpRequestError.SecureConnectionError || Find<AuthenticationException>(exception) is not null)
        {
            var rejection = Find<AuthenticationException>(exception)?.Message.Contains("RemoteCertificateValidationCallback", StringComparison.Ordinal) == true
                ? _lastRejection
                : null;
            return AuthenticationFailed(
                rejection ?? "the TLS handshake failed (is it a TLS port of dockerd?): " + InnermostMessage(exception), exception);
        }

        // With TLS 1.3 the daemon judges the client certificate after the client considers the
        // handshake done, so a refusal looks like a reset on the first request. A TLS 1.2 handshake,
        // which settles client authentication inside the handshake, tells which it was.
        if (await ProbeClientAuthenticationAsync(cancellationToken) is { } refusal)
        {
            var reason = _clientCertificate is null
                ? "the daemon requires a client certificate and none was configured"
                : "the daemon refused the client certificate (it accepts only unexpired certificates signed by the CA it trusts)";
            return AuthenticationFailed($"{reason}: {refusal}", exception);
        }

        return new EngineException(EngineErrorKind.Unreachable, $"The Docker daemon is unreachable at {Endpoint}: {InnermostMessage(exception)}", innerException: exception);
    }

    public override void Dispose()
    {
        _ca.Dispose();
        _clientCertificate?.Dispose();
    }

    private static string InnermostMessage(Exception exception)
    {
        var current = exception;
        while (current.InnerException is not null)
        {
            current = current.InnerException;
        }

        return current.Message;
    }

    private EngineException AuthenticationFailed(string reason, Exception exception) =>
        new(EngineErrorKind.AuthenticationFailed, $"TLS authentication with {Endpoint} failed: {reason}", innerException: exception);

    /// <summary>The daemon's reason for refusing a TLS 1.2 handshake with our certificate, or null when it accepts it.</summary>
    private async Task<string?> ProbeClientAuthenticationAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(_host, _port, timeout.Token);
            await using var tls = new SslStream(tcp.GetStream());
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = _host,
                ClientCertificates = _clientCertificate is null ? null : new X509CertificateCollection { _clientCertificate },
                RemoteCertificateValidationCallback = ValidateServerCertificate,
                EnabledSslProtocols = SslProtocols.Tls12,
            };
            await tls.AuthenticateAsClientAsync(options, timeout.Token);
            return null;
        }
        catch (AuthenticationException ex)
        {
            return InnermostMessage(ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The daemon is gone or slow: not an authentication verdict.
            return null;
        }
    }

    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            _lastRejection = "the daemon sent no certificate.";
            return false;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            _lastRejection = $"the daemon's certificate is not issued for {_host} (check its subject alternative names).";
            return false;
        }

        using var trusted = new X509Chain();
        trusted.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        trusted.ChainPolicy.CustomTrustStore.Add(_ca);
        // A private CA publishes no revocation lists; the daemon's certificates are short-lived instead.
        trusted.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        trusted.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (chain is not null)
        {
            // Intermediates the daemon sent are candidates only; the CA stays the sole trust anchor.
            foreach (var element in chain.ChainElements)
            {
                trusted.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var server = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (trusted.Build(server))
        {
            _lastRejection = null;
            return true;
        }

        var problems = string.Join("; ", trusted.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        _lastRejection = $"the daemon's certificate ({server.Subject}) is not trusted by the configured CA ({problems}).";
        return false;
    }
}

/// <summary>The parsed CA and client certificate (with its private key) of a TLS endpoint.</summary>
internal sealed record TlsMaterial(X509Certificate2 Ca, X509Certificate2? ClientCertificate);
