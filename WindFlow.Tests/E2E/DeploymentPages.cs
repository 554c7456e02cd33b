using Microsoft.Playwright;

namespace WindFlow.Tests.E2E;

/// <summary>The deploy wizard: stack, target, values, plan.</summary>
public sealed class DeployWizardPage(IPage page)
{
    public ILocator Name => page.GetByTestId("wizard-name");

    public ILocator PlanRows => page.GetByTestId("plan-row");

    public ILocator Error => page.GetByTestId("wizard-error");

    public Task NextFromStackAsync() => page.GetByTestId("wizard-next-stack").ClickAsync();

    public Task NextFromTargetAsync() => page.GetByTestId("wizard-next-target").ClickAsync();

    public ILocator Variable(string name) => page.GetByTestId($"var-{name}");

    public Task ReviewPlanAsync() => page.GetByTestId("wizard-plan").ClickAsync();

    public Task DeployAsync() => page.GetByTestId("wizard-deploy").ClickAsync();
}

/// <summary>One deployment: header, live run, tabs and actions.</summary>
public sealed class DeploymentPage(IPage page)
{
    public ILocator Name => page.GetByTestId("deployment-name");

    public ILocator Status => page.GetByTestId("deployment-status").First;

    public ILocator Revision => page.GetByTestId("current-revision");

    public ILocator LiveRun => page.GetByTestId("live-run");

    public ILocator RunStatus => LiveRun.GetByTestId("run-status");

    public ILocator RunEvents => page.GetByTestId("run-event");

    public ILocator ServiceRows => page.GetByTestId("service-row");

    public ILocator ServiceRow(string service) => page.Locator($"[data-testid=service-row][data-service={service}]");

    public ILocator PlanRow(string service) => page.Locator($"[data-testid=plan-row][data-service={service}]");

    public ILocator RevisionRows => page.GetByTestId("revision-row");

    public ILocator RevisionRow(int number) => RevisionRows.Filter(new() { Has = page.GetByTestId("revision-number").GetByText(number.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Exact = true }) });

    public Task OpenTabAsync(string name) => page.GetByRole(AriaRole.Tab, new() { Name = name }).ClickAsync();

    public ILocator Variable(string name) => page.GetByTestId($"var-{name}");

    public ILocator StackVersion => page.GetByTestId("deployment-stack-version");

    public ILocator StatusMessage => page.GetByTestId("status-message");

    public ILocator RunError => LiveRun.GetByTestId("run-error");

    public ILocator VersionPicker => page.GetByTestId("values-version");

    public ILocator VersionChange => page.GetByTestId("values-version-change");

    public Task PickVersionAsync(string text) => DropDown.PickAsync(VersionPicker, text);

    public Task ReviewChangesAsync() => page.GetByTestId("values-review").ClickAsync();

    public Task UpdateAsync() => page.GetByTestId("values-update").ClickAsync();

    public async Task RollBackToAsync(int revision)
    {
        await RevisionRow(revision).GetByTestId("revision-rollback").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Roll back", Exact = true }).ClickAsync();
    }

    public async Task RemoveAsync(bool keepVolumes)
    {
        await page.GetByTestId("deployment-remove").ClickAsync();
        // Volumes are kept unless the user says otherwise: the warning shows only when they are not.
        await Assertions.Expect(page.GetByTestId("keep-volumes")).ToBeVisibleAsync();
        if (!keepVolumes)
        {
            await page.GetByTestId("keep-volumes").ClickAsync();
        }

        await Assertions.Expect(page.GetByTestId("volumes-warning")).ToHaveCountAsync(keepVolumes ? 0 : 1);
        await page.GetByTestId("remove-confirm").ClickAsync();
    }
}

/// <summary>The "Adopt existing project" dialog of the deployments list.</summary>
public sealed class AdoptDialog(IPage page)
{
    public ILocator Dialog => page.GetByTestId("adopt-dialog");

    public ILocator Listing => Dialog.GetByTestId("adopt-listing");

    public ILocator TargetError => Dialog.GetByTestId("adopt-target-error");

    public ILocator Error => Dialog.GetByTestId("wizard-error");

    public ILocator Name => Dialog.GetByTestId("adopt-name");

    public ILocator Summary => Dialog.GetByTestId("adopt-summary");

    public ILocator Project(string name) => Dialog.Locator($"[data-testid=adopt-project-row][data-project='{name}']");

    public ILocator Variable(string name) => Dialog.GetByTestId($"var-{name}");

    public async Task OpenAsync()
    {
        await page.GetByTestId("adopt-open").ClickAsync();
        await Assertions.Expect(Dialog).ToBeVisibleAsync();
    }

    public Task PickTargetAsync(string name) => DropDown.PickAsync(Dialog.GetByTestId("adopt-target"), name);

    public Task SelectProjectAsync(string name) => Project(name).GetByTestId("adopt-project-select").ClickAsync();

    public Task PickStackAsync(string name) => DropDown.PickAsync(Dialog.GetByTestId("adopt-stack"), name);

    public Task AdoptAsync() => Dialog.GetByTestId("adopt-confirm").ClickAsync();
}
