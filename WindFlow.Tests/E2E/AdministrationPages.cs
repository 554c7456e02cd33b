using Microsoft.Playwright;

namespace WindFlow.Tests.E2E;

/// <summary>The administration pages: organisations, members and users, as a super admin uses them.</summary>
public sealed class AdministrationPages(IPage page)
{
    public ILocator EnvironmentRows => page.GetByTestId("env-row");

    public ILocator MemberRows => page.GetByTestId("member-row");

    public ILocator Refused => page.GetByTestId("access-refused");

    public ILocator OperationError => page.GetByTestId("operation-error");

    public ILocator UserState => page.GetByTestId("user-state");

    public async Task CreateOrganizationAsync(string name, string slug)
    {
        await page.GetByTestId("org-name").FillAsync(name);
        await page.GetByTestId("org-slug").FillAsync(slug);
        await page.GetByTestId("org-create").ClickAsync();
    }

    public async Task RenameOrganizationAsync(string name, string slug)
    {
        await page.GetByTestId("org-name-edit").FillAsync(name);
        await page.GetByTestId("org-slug-edit").FillAsync(slug);
        await page.GetByTestId("org-slug-edit").BlurAsync();
        await page.GetByTestId("org-save").ClickAsync();
        await ConfirmAsync("Change slug");
    }

    public async Task AddCustomEnvironmentAsync(string name)
    {
        // Custom is the kind the form starts with.
        await page.GetByTestId("env-name").FillAsync(name);
        await page.GetByTestId("env-add").ClickAsync();
    }

    public async Task RemoveEnvironmentAsync(string name)
    {
        await EnvironmentRows.Filter(new() { HasText = name }).GetByTestId("env-remove").ClickAsync();
        await ConfirmAsync("Remove environment");
    }

    public async Task CreateUserAsync(string userName, string password)
    {
        await page.GetByTestId("user-username").FillAsync(userName);
        await page.GetByTestId("user-password").FillAsync(password);
        await page.GetByTestId("user-create").ClickAsync();
    }

    public async Task AddMemberAsync(string userName, string role)
    {
        await page.GetByTestId("member-username").FillAsync(userName);
        await DropDown.PickAsync(page.GetByTestId("member-role"), role);
        await page.GetByTestId("member-add").ClickAsync();
    }

    public ILocator MemberRole(string userName) => MemberRows.Filter(new() { HasText = userName }).GetByTestId("member-role-select");

    public Task ChangeRoleAsync(string userName, string role) => DropDown.PickAsync(MemberRole(userName), role);

    public async Task OpenUserAsync(string userName)
    {
        await page.GotoAsync("/administration/users");
        await page.GetByTestId("user-link").Filter(new() { HasText = userName }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("page-title")).ToHaveTextAsync(userName);
    }

    public async Task ToggleActiveAsync(string confirm)
    {
        await page.GetByTestId("user-toggle-active").ClickAsync();
        if (confirm.Length > 0)
        {
            await ConfirmAsync(confirm);
        }
    }

    public async Task ToggleSuperAdminAsync(string confirm)
    {
        await page.GetByTestId("user-toggle-super-admin").ClickAsync();
        await ConfirmAsync(confirm);
    }

    public ILocator RoleMappings => page.GetByTestId("role-mapping");

    public async Task AddRoleMappingAsync(string groupPath, string role, string organization)
    {
        // Group is the claim the form starts with.
        await page.GetByTestId("mapping-value").FillAsync(groupPath);
        await DropDown.PickAsync(page.GetByTestId("mapping-role"), role);
        await DropDown.PickAsync(page.GetByTestId("mapping-organization"), organization);
        await page.GetByTestId("mapping-add").ClickAsync();
    }

    public async Task DeleteRoleMappingAsync(string value)
    {
        await RoleMappings.Filter(new() { HasText = value }).GetByTestId("role-mapping-delete").ClickAsync();
        await ConfirmAsync("Delete rule");
    }

    public ILocator UnmappedRow => page.GetByTestId("role-mapping-unmapped");

    /// <summary>Chooses what users no rule matches get; a refusal is confirmed in a dialog.</summary>
    public async Task SetUnmappedAsync(string policy, string? role = null, string? organization = null)
    {
        await DropDown.PickAsync(page.GetByTestId("unmapped-policy"), policy);
        if (role is not null)
        {
            await DropDown.PickAsync(page.GetByTestId("unmapped-role"), role);
        }

        if (organization is not null)
        {
            await DropDown.PickAsync(page.GetByTestId("unmapped-organization"), organization);
        }

        await page.GetByTestId("unmapped-save").ClickAsync();
        if (policy == "Are refused")
        {
            await ConfirmAsync("Refuse them");
        }
    }

    private Task ConfirmAsync(string button) => page.Locator(".rz-dialog").GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
}
