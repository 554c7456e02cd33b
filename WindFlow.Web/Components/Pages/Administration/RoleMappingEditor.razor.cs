using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
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

    internal sealed record ClaimOption(ExternalClaimKind Kind, string Label);

    internal sealed record OrganizationOption(Guid Id, string Label);

    internal static IReadOnlyList<ClaimOption> Claims { get; } = Enum.GetValues<ExternalClaimKind>().Select(k => new ClaimOption(k, ClaimLabel(k))).ToList();

    internal static IReadOnlyList<OrganizationRoleGrant> Roles { get; } = Enum.GetValues<OrganizationRoleGrant>();

    [Inject]
    private RoleMappingService Mappings { get; set; } = default!;

    [Inject]
    private OrganizationService Organizations { get; set; } = default!;

    [Inject]
    private IOptions<KeycloakOptions> Keycloak { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _organizations = (await Organizations.ListAsync(CancellationToken.None)).Select(o => new OrganizationOption(o.Id, $"{o.Name} ({o.Slug})")).ToList();
        await ReloadAsync();
    }

    private async Task ReloadAsync() => _rules = await Mappings.ListAsync(CancellationToken.None);

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

    internal static string GrantLabel(OrganizationRoleGrant role, string? organization) =>
        role == OrganizationRoleGrant.SuperAdmin ? "Super admin" : $"{role} of '{organization}'";
}
