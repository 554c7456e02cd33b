namespace WindFlow.Core.Organizations;

/// <summary>
/// Work WindFlow does on its own behalf, with no user behind the call: a workflow run executing in
/// a Quartz job acts through the same guarded services (deploy, roll back, start...) as a user
/// would. The person who may start the run was checked when it started (or its trigger was set up
/// by an admin), so inside the run the guard lets the work through as a super admin would.
/// Only calls with no signed-in caller are lifted; a user's own request is never widened.
/// </summary>
public static class SystemAccess
{
    private static readonly AsyncLocal<bool> Active = new();

    /// <summary>The account id the audit log and the guard see for such work.</summary>
    public const string UserId = "system";

    /// <summary>True inside <see cref="Begin"/> on this async flow.</summary>
    public static bool IsActive => Active.Value;

    /// <summary>Marks the current async flow (and what it starts) as WindFlow's own work until disposed.</summary>
    public static IDisposable Begin()
    {
        var previous = Active.Value;
        Active.Value = true;
        return new Scope(previous);
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        public void Dispose() => Active.Value = previous;
    }
}
