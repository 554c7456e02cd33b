namespace WindFlow.Web.Components.Account;

internal static class LocalUrl
{
    /// <summary>Only same-site paths are followed after sign-in, so a crafted link cannot send users elsewhere.</summary>
    public static string OrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
