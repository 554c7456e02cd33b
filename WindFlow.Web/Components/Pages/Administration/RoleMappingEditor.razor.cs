using Microsoft.AspNetCore.Components;
using Radzen;
using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;

namespace WindFlow.Web.Components.Pages.Administration;

/// <summary>Lists the effective role mapping and edits its settings rules through <see cref="RoleMappingService"/>.</summary>
public sealed partial class RoleMappingEditor
{
    private IReadOnlyList<EffectiveRoleMapping> _rules = [];
    private IReadOnlyList<OrganizationOption> _organizations = [];
    private ExternalClaimKind _claim = ExternalClaimKind.Group;
    private OrganizationRoleGrant _role = OrganizationRoleGrant.Viewer;
    private string? _value;
    private Guid? _organizationId;
    private OperationError? _error;
    private EffectiveUnmappedUsers? _unmapped;
    private UnmappedUserPolicy _unmappedPolicy;
    private OrganizationRoleGrant _unmappedRole = OrganizationRoleGrant.Viewer;
    private Guid? _unmappedOrganizationId;
    private OperationError? _unmappedError;

    internal sealed record ClaimOption(ExternalClaimKind Kind, string Label);

    internal sealed record OrganizationOption(Guid Id, string Label, string Slug);

    internal sealed record PolicyOption(UnmappedUserPolicy Policy, string Label);

    internal static IReadOnlyList<PolicyOption> Policies { get; } =
        [new(UnmappedUserPolicy.Default, "Get a role"), new(UnmappedUserPolicy.Refuse, "Are refused")];

    // Never super admin: anyone the identity provider knows would be one.
    internal static IReadOnlyList<OrganizationRoleGrant> OrganizationRoles { get; } =
        [OrganizationRoleGrant.Viewer, OrganizationRoleGrant.Operator, OrganizationRoleGrant.Admin];

    internal static IReadOnlyList<ClaimOption> Claims { get; } = Enum.GetValues<ExternalClaimKind>().Select(k => new ClaimOption(k, ClaimLabel(k))).ToList();

    internal static IReadOnlyList<OrganizationRoleGrant> Roles { get; } = Enum.GetValues<OrganizationRoleGrant>();

    [Inject]
    private RoleMappingService Mappings { get; set; } = default!;

    [Inject]
    private OrganizationService Organizations { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _organizations = (await Organizations.ListAsync(CancellationToken.None)).Select(o => new OrganizationOption(o.Id, $"{o.Name} ({o.Slug})", o.Slug)).ToList();
        await ReloadAsync();
        ShowUnmapped(await Mappings.UnmappedAsync(CancellationToken.None));
    }

    private async Task ReloadAsync() => _rules = await Mappings.ListAsync(CancellationToken.None);

    // The form starts from the rule in force, so saving without a change keeps it.
    private void ShowUnmapped(EffectiveUnmappedUsers unmapped)
    {
        _unmapped = unmapped;
        _unmappedPolicy = unmapped.Rule.Policy;
        _unmappedRole = unmapped.Rule.Policy == UnmappedUserPolicy.Refuse ? OrganizationRoleGrant.Viewer : unmapped.Rule.Role;
        _unmappedOrganizationId = unmapped.OrganizationId
            ?? _organizations.FirstOrDefault(o => o.Slug.Equals(unmapped.Rule.Organization, StringComparison.OrdinalIgnoreCase))?.Id;
    }

    private async Task SaveUnmappedAsync()
    {
        if (_unmappedPolicy == UnmappedUserPolicy.Refuse && _unmapped?.Rule.Policy != UnmappedUserPolicy.Refuse)
        {
            var confirmed = await Dialogs.Confirm(
                "Keycloak users that no rule matches will no longer be able to sign in (those already signed in keep their session until it ends).",
                "Refuse unmapped users?",
                new ConfirmOptions { OkButtonText = "Refuse them", CancelButtonText = "Cancel" });
            if (confirmed != true)
            {
                return;
            }
        }

        var result = await Mappings.SetUnmappedAsync(_unmappedPolicy, _unmappedOrganizationId, _unmappedRole, CancellationToken.None);
        _unmappedError = result.Error;
        if (result.Succeeded)
        {
            ShowUnmapped(result.Value!);
        }
    }

    private async Task ResetUnmappedAsync()
    {
        _unmappedError = null;
        ShowUnmapped(await Mappings.ResetUnmappedAsync(CancellationToken.None));
    }

    private async Task AddAsync()
    {
        var result = await Mappings.CreateAsync(_claim, _value, _organizationId, _role, CancellationToken.None);
        _error = result.Error;
        if (result.Succeeded)
        {
            _value = null;
            await ReloadAsync();
        }
    }

    private async Task DeleteAsync(EffectiveRoleMapping mapping)
    {
        var confirmed = await Dialogs.Confirm(
            $"{mapping.Rule} stops applying at the next sign-in of each user it matched.", "Delete this rule?",
            new ConfirmOptions { OkButtonText = "Delete rule", CancelButtonText = "Cancel" });
        if (confirmed != true)
        {
            return;
        }

        _error = (await Mappings.DeleteAsync(mapping.Id!.Value, CancellationToken.None)).Error;
        await ReloadAsync();
    }

    internal static string ClaimLabel(ExternalClaimKind kind) => kind switch
    {
        ExternalClaimKind.Group => "Group (groups)",
        ExternalClaimKind.RealmRole => "Realm role (realm_access.roles)",
        _ => "Client role (resource_access.<client>.roles)",
    };

    internal static string UnmappedLabel(UnmappedUsersRule rule) =>
        rule.Policy == UnmappedUserPolicy.Refuse ? "Sign-in refused" : GrantLabel(rule.Role, rule.Organization);

    internal static string GrantLabel(OrganizationRoleGrant role, string? organization) =>
        role == OrganizationRoleGrant.SuperAdmin ? "Super admin" : $"{role} of '{organization}'";
}
