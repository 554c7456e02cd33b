using Microsoft.AspNetCore.Components;
using Radzen;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;
using WindFlow.Web.Auth;

namespace WindFlow.Web.Components.Pages.Administration;

/// <summary>One organisation: its environments (added and removed here) and the way to its members.</summary>
public sealed partial class OrganizationPage
{
    private static readonly EnvironmentKind[] Kinds = Enum.GetValues<EnvironmentKind>();

    [Inject]
    private OrganizationService Organizations { get; set; } = default!;

    [Inject]
    private AccessView Access { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The organisation id from the address.</summary>
    [Parameter]
    public Guid Id { get; set; }

    private bool? _allowed;
    private bool _superAdmin;
    private Organization? _organization;
    private IReadOnlyList<OrganizationEnvironment> _environments = [];
    private EnvironmentKind _kind = EnvironmentKind.Custom;
    private string? _customName;
    private string? _name;
    private string? _slug;
    private OperationError? _error;

    protected override async Task OnParametersSetAsync()
    {
        if (!RendererInfo.IsInteractive)
        {
            return;
        }

        _allowed = await Access.CanAsync(Id, Resource.Environment, ActionClass.Manage);
        _superAdmin = await Access.IsSuperAdminAsync();
        if (_allowed is true)
        {
            var organization = await Organizations.GetAsync(Id, CancellationToken.None);
            _organization = organization.Value;
            _name = _organization?.Name;
            _slug = _organization?.Slug;
            _error = organization.Error;
            await LoadEnvironmentsAsync();
        }
    }

    private async Task RenameAsync()
    {
        // Keycloak mapping rules name organisations by slug: a new slug silently breaks them, so say it first.
        if (_slug != _organization!.Slug && await Dialogs.Confirm(
                $"Sign-in role mappings that name '{_organization.Slug}' stop matching until they are changed to '{_slug}'.",
                $"Change the slug to {_slug}?",
                new ConfirmOptions { OkButtonText = "Change slug", CancelButtonText = "Cancel" }) != true)
        {
            return;
        }

        var result = await Organizations.UpdateAsync(Id, _name, _slug, CancellationToken.None);
        _error = result.Error;
        if (result.Succeeded)
        {
            _organization = result.Value;
        }
    }

    private async Task LoadEnvironmentsAsync()
    {
        var environments = await Organizations.ListEnvironmentsAsync(Id, CancellationToken.None);
        _environments = environments.Value ?? [];
    }

    private async Task AddAsync()
    {
        // A standard kind is named after itself; the service turns any other name into a custom one.
        var name = _kind == EnvironmentKind.Custom ? _customName : _kind.ToString().ToLowerInvariant();
        var result = await Organizations.CreateEnvironmentAsync(Id, name, CancellationToken.None);
        _error = result.Error;
        if (result.Succeeded)
        {
            _customName = null;
            await LoadEnvironmentsAsync();
        }
    }

    private async Task RemoveAsync(OrganizationEnvironment environment)
    {
        var confirmed = await Dialogs.Confirm(
            $"The environment '{environment.Name}' is removed from {_organization?.Name}. Environments that still hold targets are kept.",
            $"Remove environment {environment.Name}?",
            new ConfirmOptions { OkButtonText = "Remove environment", CancelButtonText = "Cancel" });
        if (confirmed != true)
        {
            return;
        }

        var result = await Organizations.DeleteEnvironmentAsync(Id, environment.Id, CancellationToken.None);
        _error = result.Error;
        await LoadEnvironmentsAsync();
    }

    private async Task DeleteAsync()
    {
        var confirmed = await Dialogs.Confirm(
            $"{_organization?.Name} is deleted with its environments and memberships. An organisation that still owns targets, stacks or deployments is kept.",
            $"Delete organisation {_organization?.Name}?",
            new ConfirmOptions { OkButtonText = "Delete organisation", CancelButtonText = "Cancel" });
        if (confirmed != true)
        {
            return;
        }

        var result = await Organizations.DeleteAsync(Id, CancellationToken.None);
        _error = result.Error;
        if (result.Succeeded)
        {
            Navigation.NavigateTo("/administration/organizations");
        }
    }
}
