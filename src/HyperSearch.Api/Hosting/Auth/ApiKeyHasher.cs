using System.Security.Cryptography;
using System.Text;
using HyperSearch.Service;
using Microsoft.Extensions.Options;

namespace HyperSearch.Api.Hosting.Auth;

/// <summary>
/// Makes keys and hashes them. A key is "hs_" and 32 random bytes in base64url (256 bits: no KDF's work
/// factor is needed against guessing); it is stored as HMAC-SHA256 under a server secret, so a copy of the
/// database alone neither reveals nor lets anyone check a key.
/// </summary>
public sealed class ApiKeyHasher
{
    public const string KeyPrefix = "hs_";

    /// <summary>How many leading characters of a key are stored in clear, to tell keys apart in lists.</summary>
    public const int VisiblePrefixLength = 7;

    private readonly Lazy<byte[]> _secret;

    public ApiKeyHasher(IOptions<AuthSettings> settings, IOptions<HyperSearchOptions> options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        var configured = settings.Value.Secret;
        var file = Path.Combine(options.Value.DataDirectory, "auth.secret");
        _secret = new Lazy<byte[]>(() => configured is { Length: > 0 } s ? Encoding.UTF8.GetBytes(s) : ReadOrCreateSecret(file));
    }

    public static string NewKey() => KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_secret.Value, Encoding.UTF8.GetBytes(key)));
    }

    public static string Prefix(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length <= VisiblePrefixLength ? key : key[..VisiblePrefixLength];
    }

    private static byte[] ReadOrCreateSecret(string file)
    {
        if (File.Exists(file))
        {
            return File.ReadAllBytes(file);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var secret = RandomNumberGenerator.GetBytes(32);
        try
        {
            // CreateNew: two processes starting together keep whichever wrote first.
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // the secret is the owner's alone
            }

            using var stream = new FileStream(file, create);
            stream.Write(secret);
            return secret;
        }
        catch (IOException) when (File.Exists(file))
        {
            return File.ReadAllBytes(file);
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
