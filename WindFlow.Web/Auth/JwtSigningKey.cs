using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using WindFlow.Core.Accounts;
using WindFlow.Infrastructure.Hosting;

namespace WindFlow.Web.Auth;

/// <summary>
/// The key that signs API access tokens: <c>Auth__JwtSigningKey</c> when set, otherwise a random key
/// generated on first start and kept (mode 0600) in the data directory, so tokens survive restarts.
/// </summary>
internal sealed class JwtSigningKey(IOptions<AuthTokenOptions> auth, IOptions<DataDirectoryOptions> dataDir)
{
    private readonly Lazy<SymmetricSecurityKey> _key = new(() => new SymmetricSecurityKey(Load(auth.Value, dataDir.Value)) { KeyId = "windflow" });

    public SymmetricSecurityKey Key => _key.Value;

    private static byte[] Load(AuthTokenOptions auth, DataDirectoryOptions dataDir)
    {
        if (!string.IsNullOrEmpty(auth.JwtSigningKey))
        {
            return Convert.FromBase64String(auth.JwtSigningKey);
        }

        var path = Path.Combine(dataDir.Path, "jwt-signing.key");
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var key = RandomNumberGenerator.GetBytes(64);
        Directory.CreateDirectory(dataDir.Path);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(path, fileOptions))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        return key;
    }
}
