using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Infrastructure.Identity;
using WindFlow.Web.Auth;
using WindFlow.Web.Auth.Keycloak;

namespace WindFlow.Web.Components.Pages.Administration;

/// <summary>Which doors are open and what the Keycloak role mapping grants; the mapping's settings rules are edited by <see cref="RoleMappingEditor"/>.</summary>
public sealed partial class AuthenticationSettingsPage
{
    private bool _allowed;
    private string _groups = "", _realmRoles = "", _clientRoles = "";
    private ExternalGrants? _tried;

    [Inject]
    private IOptions<KeycloakOptions> Keycloak { get; set; } = default!;

    [Inject]
    private UserManager<WindFlowUser> Users { get; set; } = default!;

    [Inject]
    private RoleMappingService Mappings { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    internal sealed record MethodRow(string Name, bool Enabled, string Details);

    internal IReadOnlyList<MethodRow> Methods => AuthenticationMethods.Describe(Keycloak.Value);

    protected override async Task OnInitializedAsync()
    {
        // System settings are the super admins' (issue #5); the organisations work replaces this
        // check with the permission table.
        var id = (await AuthenticationState).User.UserId();
        _allowed = id is not null && await Users.FindByIdAsync(id) is { IsSuperAdmin: true };
    }

    // The effective rules, so the preview is exactly what the next sign-in applies.
    private async Task TryAsync() => _tried = ExternalRoleMapper.Map(
        new ExternalIdentity(KeycloakClaims.Provider, "preview", null, null, Lines(_groups), Lines(_realmRoles), Lines(_clientRoles)),
        (await Mappings.ListAsync(CancellationToken.None)).Select(m => m.Rule),
        (await Mappings.UnmappedAsync(CancellationToken.None)).Rule);

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    internal static string Describe(ExternalGrants grants)
    {
        if (grants.Refused)
        {
            return "No rule matches: sign-in refused.";
        }

        var parts = grants.Grants.Select(g => RoleMappingEditor.GrantLabel(g.Role, g.OrganizationSlug)).ToList();
        if (grants.IsSuperAdmin)
        {
            parts.Insert(0, "Super admin");
        }

        return (grants.Matched ? "" : "No rule matches, default: ") + (parts.Count == 0 ? "nothing" : string.Join(", ", parts));
    }
}
