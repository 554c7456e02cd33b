using System.Globalization;
using System.Security.Cryptography;

namespace WindFlow.Core.Stacks;

/// <summary>The parsed form of a <see cref="VariableDefinition.Generate"/> rule.</summary>
internal sealed record GenerateRule(GenerateKind Kind, int Length);

internal enum GenerateKind
{
    Password,
    Uuid,
    Hex,
}

/// <summary>Parses generate rules and produces values for them.</summary>
internal static class VariableGenerator
{
    // Letters and digits without look-alikes (0/O/o, 1/l/I): safe in URLs, YAML, shells and when read aloud.
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    public static bool TryParse(string spec, out GenerateRule rule, out string error)
    {
        rule = new GenerateRule(GenerateKind.Uuid, 36);
        error = "";
        if (spec == "uuid")
        {
            return true;
        }

        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? spec : spec[..colon];
        var (generateKind, min, max) = kind switch
        {
            "password" => (GenerateKind.Password, 8, 128),
            "hex" => (GenerateKind.Hex, 1, 256),
            _ => (GenerateKind.Uuid, 0, 0),
        };
        if (max == 0)
        {
            error = $"Unknown generate rule '{spec}': use password:N, uuid or hex:N.";
            return false;
        }

        if (colon < 0 || !int.TryParse(spec[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            || length < min || length > max)
        {
            error = $"Generate rule '{spec}' needs a length: {kind}:N with N from {min} to {max}.";
            return false;
        }

        rule = new GenerateRule(generateKind, length);
        return true;
    }

    public static string Generate(GenerateRule rule, RandomNumberGenerator random) => rule.Kind switch
    {
        GenerateKind.Password => Password(rule.Length, random),
        GenerateKind.Hex => Hex(rule.Length, random),
        _ => Uuid(random),
    };

    private static string Password(int length, RandomNumberGenerator random)
    {
        // Rejection sampling keeps every character equally likely (256 is not a multiple of the alphabet size).
        var limit = 256 - (256 % PasswordAlphabet.Length);
        var chars = new char[length];
        var buffer = new byte[1];
        for (var i = 0; i < length;)
        {
            random.GetBytes(buffer);
            if (buffer[0] < limit)
            {
                chars[i++] = PasswordAlphabet[buffer[0] % PasswordAlphabet.Length];
            }
        }

        return new string(chars);
    }

    private static string Hex(int length, RandomNumberGenerator random)
    {
        var bytes = new byte[(length + 1) / 2];
        random.GetBytes(bytes);
        return Convert.ToHexStringLower(bytes)[..length];
    }

    private static string Uuid(RandomNumberGenerator random)
    {
        var bytes = new byte[16];
        random.GetBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
