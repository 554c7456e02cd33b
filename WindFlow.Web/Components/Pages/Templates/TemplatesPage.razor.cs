using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;
using WindFlow.Core.Stacks;

namespace WindFlow.Web.Components.Pages.Templates;

/// <summary>The built-in templates as a gallery; using one creates a stack and opens its editor.</summary>
public sealed partial class TemplatesPage
{
    private IReadOnlyList<StackTemplate> _templates = [];
    private List<string> _categories = [];
    private string? _search;
    private string? _category;
    private string? _creating;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private TemplateCatalog Catalog { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private IEnumerable<StackTemplate> Visible => _templates.Where(t =>
        (_category is null || t.Category == _category)
        && (string.IsNullOrWhiteSpace(_search) || Matches(t, _search.Trim())));

    protected override void OnInitialized()
    {
        _templates = Catalog.List();
        _categories = [.. _templates.Select(t => t.Category).Distinct().Order()];
    }

    private static bool Matches(StackTemplate template, string text) =>
        template.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
        || template.Description?.Contains(text, StringComparison.OrdinalIgnoreCase) == true
        || template.Tags.Any(t => t.Contains(text, StringComparison.OrdinalIgnoreCase));

    private async Task UseAsync(StackTemplate template)
    {
        var suggested = await Catalog.SuggestNameAsync(template.Id, CancellationToken.None);
        var parameters = new Dictionary<string, object?> { [nameof(StackNameDialog.Initial)] = suggested };
        if (await Dialogs.OpenAsync<StackNameDialog>($"New stack from {template.Name}", parameters, new DialogOptions { Width = "480px" }) is not string name)
        {
            return;
        }

        _creating = template.Id;
        try
        {
            var author = (await AuthenticationState).User.Identity?.Name;
            var result = await Catalog.CreateStackAsync(template.Id, name, author, CancellationToken.None);
            if (result.Succeeded)
            {
                Navigation.NavigateTo($"/stacks/{result.Value!.Stack.Id}");
            }
            else
            {
                Notifications.Notify(new NotificationMessage
                {
                    Severity = NotificationSeverity.Error,
                    Summary = "The stack was not created",
                    Detail = result.Error!.Message,
                    Duration = 10000,
                });
            }
        }
        finally
        {
            _creating = null;
        }
    }
}
