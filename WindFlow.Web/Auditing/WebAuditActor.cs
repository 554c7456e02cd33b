using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using WindFlow.Core.Auditing;
using WindFlow.Web.Auth;

namespace WindFlow.Web.Auditing;

/// <summary>
/// The actor behind Core's singleton services. Inside a Blazor circuit the HttpContext is the
/// long-lived SignalR connection (or none), so each inbound circuit activity sets an async-local
/// actor from the circuit's authentication state (<see cref="AuditCircuitHandler"/>); otherwise
/// the current HTTP request is the source (API calls, static account pages).
/// </summary>
internal sealed class WebAuditActor(IHttpContextAccessor http) : IAuditActor
{
    private static readonly AsyncLocal<AuditActorInfo?> CircuitActor = new();

    public AuditActorInfo? Current => CircuitActor.Value ?? FromHttpContext(http.HttpContext);

    /// <summary>Sets the circuit's actor for the activity running in this async flow.</summary>
    public static void SetCircuitActor(AuditActorInfo? actor) => CircuitActor.Value = actor;

    public static AuditActorInfo? FromHttpContext(HttpContext? context) => context is null
        ? null
        : FromPrincipal(context.User, context.Connection.RemoteIpAddress?.ToString());

    public static AuditActorInfo FromPrincipal(ClaimsPrincipal? user, string? ip) =>
        user?.Identity is { IsAuthenticated: true } identity
            ? new AuditActorInfo(user.UserId(), identity.Name, ip)
            : new AuditActorInfo(null, null, ip);
}

/// <summary>Makes the circuit's signed-in user the audit actor while each of its events runs.</summary>
internal sealed class AuditCircuitHandler(AuthenticationStateProvider authentication, IHttpContextAccessor http) : CircuitHandler
{
    // Captured when the circuit is created, during the request that opens its connection.
    private readonly string? _ip = http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var state = await authentication.GetAuthenticationStateAsync();
            WebAuditActor.SetCircuitActor(WebAuditActor.FromPrincipal(state.User, _ip));
            await next(context);
        };
}
