using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using WindFlow.Core.Organizations;

namespace WindFlow.Web.Auth;

/// <summary>
/// Core's <see cref="IAccessContext"/> for both front doors. A Blazor circuit is recognised by its
/// renderer's synchronisation context, which every component callback runs on (live feeds
/// included); an AsyncLocal would carry whoever published the notification instead. Outside a
/// circuit the caller is the HTTP request's principal, with the organisation it chose.
/// </summary>
internal sealed class WebAccessContext(IHttpContextAccessor http) : IAccessContext
{
    public const string OrganizationHeader = "X-WindFlow-Organization";
    public const string OrganizationQuery = "organizationId";

    private static readonly object ItemKey = new();
    private static readonly ConditionalWeakTable<SynchronizationContext, CircuitAccess> Circuits = new();

    public AccessCaller Current
    {
        get
        {
            if (SynchronizationContext.Current is { } sync && Circuits.TryGetValue(sync, out var circuit))
            {
                return circuit.Caller;
            }

            if (http.HttpContext is not { } context)
            {
                return AccessCaller.Anonymous;
            }

            if (context.Items.TryGetValue(ItemKey, out var cached) && cached is AccessCaller caller)
            {
                return caller;
            }

            caller = context.User.UserId() is { } userId
                ? new AccessCaller(userId, context.User.Identity?.Name, ChosenOrganization(context.Request))
                : AccessCaller.Anonymous;
            context.Items[ItemKey] = caller;
            return caller;
        }
    }

    public static void Register(SynchronizationContext? sync, CircuitAccess circuit)
    {
        if (sync is not null)
        {
            Circuits.AddOrUpdate(sync, circuit);
        }
    }

    // An unreadable value is ignored rather than refused: the caller then gets their default organisation.
    private static Guid? ChosenOrganization(HttpRequest request) =>
        Guid.TryParse(request.Query[OrganizationQuery].ToString(), out var fromQuery) ? fromQuery
        : Guid.TryParse(request.Headers[OrganizationHeader].ToString(), out var fromHeader) ? fromHeader
        : null;
}

/// <summary>The circuit's caller and the organisation chosen in the header's switcher.</summary>
public sealed class CircuitAccess
{
    private string? _userId;
    private string? _userName;

    /// <summary>Who uses the circuit, with the chosen organisation.</summary>
    public AccessCaller Caller { get; private set; } = AccessCaller.Anonymous;

    /// <summary>Raised after the organisation changed, so pages reload their lists.</summary>
    public event Action? OrganizationChanged;

    /// <summary>The chosen organisation, or null for "all I can see".</summary>
    public Guid? OrganizationId => Caller.OrganizationId;

    /// <summary>Switches the circuit to another organisation.</summary>
    public void SelectOrganization(Guid? organizationId)
    {
        Caller = new AccessCaller(_userId, _userName, organizationId);
        OrganizationChanged?.Invoke();
    }

    internal void SetUser(string? userId, string? userName)
    {
        if (userId != _userId)
        {
            _userId = userId;
            _userName = userName;
            Caller = userId is null ? AccessCaller.Anonymous : new AccessCaller(userId, userName, null);
        }
    }
}

/// <summary>Ties a circuit's synchronisation context to its <see cref="CircuitAccess"/> and keeps the user current.</summary>
internal sealed class AccessCircuitHandler(CircuitAccess access, AuthenticationStateProvider authentication) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        WebAccessContext.Register(SynchronizationContext.Current, access);
        authentication.AuthenticationStateChanged += OnAuthenticationChanged;
        Apply(await authentication.GetAuthenticationStateAsync());
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context =>
        {
            WebAccessContext.Register(SynchronizationContext.Current, access);
            return next(context);
        };

    public void Dispose() => authentication.AuthenticationStateChanged -= OnAuthenticationChanged;

    private async void OnAuthenticationChanged(Task<AuthenticationState> state)
    {
        try
        {
            Apply(await state);
        }
        catch (InvalidOperationException)
        {
            // The circuit is going away.
        }
    }

    private void Apply(AuthenticationState state) => access.SetUser(state.User.UserId(), state.User.Identity?.Name);
}
