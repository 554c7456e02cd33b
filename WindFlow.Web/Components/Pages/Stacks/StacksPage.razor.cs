using Microsoft.AspNetCore.Components;
using Radzen;
using WindFlow.Core.Organizations;
using WindFlow.Core.Stacks;
using WindFlow.Web.Auth;

namespace WindFlow.Web.Components.Pages.Stacks;

/// <summary>Every stack with search, archived toggle, import and per-row actions.</summary>
public sealed partial class StacksPage
{
    private List<Stack>? _stacks;
    private string? _search;
    private bool _showArchived;

    // Creating and importing need the admin role somewhere (the service checks the organisation it goes to).
    private bool _canCreate;

    [Inject]
    private StackService Stacks { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private AccessView Access { get; set; } = default!;

    private IEnumerable<Stack> Visible => string.IsNullOrWhiteSpace(_search)
        ? _stacks!
        : _stacks!.Where(s => s.Name.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase)
            || s.Category?.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase) == true
            || s.Tags.Any(t => t.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase)));

    protected override async Task OnInitializedAsync()
    {
        _canCreate = await Access.CanAsync(null, Resource.Stack, ActionClass.Manage);
        await LoadAsync();
    }

    private async Task LoadAsync() => _stacks = [.. await Stacks.ListAsync(_showArchived, CancellationToken.None)];

    private async Task ToggleArchivedAsync(bool show)
    {
        _showArchived = show;
        await LoadAsync();
    }

    private async Task ImportAsync()
    {
        if (await Dialogs.OpenAsync<ImportStackDialog>("Import a stack document", new Dictionary<string, object?>(), new DialogOptions { Width = "760px" }) is Guid id)
        {
            Navigation.NavigateTo($"/stacks/{id}");
        }
    }
}
