namespace WindFlow.Core.Common;

/// <summary>How secrets look wherever WindFlow shows text that once held them.</summary>
public static class SecretText
{
    /// <summary>What replaces a secret value in stored and displayed text.</summary>
    public const string Mask = "••••";

    /// <summary>Replaces every occurrence of each secret (4 characters or longer; shorter ones would mask ordinary words) in <paramref name="text"/>.</summary>
    public static string Redact(string text, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets.Where(s => s.Length >= 4).Distinct().OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
