namespace WindFlow.Core.Auditing;

/// <summary>Who is acting, as far as the current request or Blazor circuit knows.</summary>
/// <param name="UserId">Account id, or null when nobody is signed in.</param>
/// <param name="UserName">User name, or null when nobody is signed in.</param>
/// <param name="IpAddress">Remote IP address, when known.</param>
public sealed record AuditActorInfo(string? UserId, string? UserName, string? IpAddress);

/// <summary>
/// The current actor. Core services are singletons shared by API requests, Blazor circuits and
/// background jobs, so the actor is read from the ambient context (implemented by the web host),
/// not passed through every method.
/// </summary>
public interface IAuditActor
{
    /// <summary>The acting user and IP, or null outside any request or circuit (background work).</summary>
    AuditActorInfo? Current { get; }
}
