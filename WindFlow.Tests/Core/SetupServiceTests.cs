using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WindFlow.Core.Accounts;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Core;

public sealed class SetupServiceTests : IDisposable
{
    private const string GoodPassword = "correct horse battery staple";

    private readonly FakeAccountAdministration _accounts = new();
    private readonly SetupState _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task EnsureBootstrapAdminAsync_NoAdminYet_CreatesAdminFromOptions()
    {
        var service = CreateService(new BootstrapAdminOptions { UserName = " admin ", Password = GoodPassword, Email = "admin@example.test" });

        await service.EnsureBootstrapAdminAsync(CancellationToken.None);

        var admin = Assert.Single(_accounts.SuperAdmins);
        Assert.Equal(("admin", "admin@example.test", GoodPassword), admin);
        Assert.False(await service.IsSetupRequiredAsync(CancellationToken.None));
    }

    [Fact]
    public async Task EnsureBootstrapAdminAsync_AdminExists_CreatesNothing()
    {
        _accounts.SuperAdmins.Add(("existing", null, GoodPassword));
        var service = CreateService(new BootstrapAdminOptions { UserName = "admin", Password = GoodPassword });

        await service.EnsureBootstrapAdminAsync(CancellationToken.None);

        Assert.Equal("existing", Assert.Single(_accounts.SuperAdmins).UserName);
    }

    [Fact]
    public async Task EnsureBootstrapAdminAsync_NotConfigured_CreatesNothingAndSetupStaysRequired()
    {
        var service = CreateService(new BootstrapAdminOptions { UserName = "admin" });

        await service.EnsureBootstrapAdminAsync(CancellationToken.None);

        Assert.Empty(_accounts.SuperAdmins);
        Assert.True(await service.IsSetupRequiredAsync(CancellationToken.None));
    }

    [Fact]
    public async Task EnsureBootstrapAdminAsync_PasswordRefused_ThrowsNamingTheEnvironmentVariables()
    {
        var service = CreateService(new BootstrapAdminOptions { UserName = "admin", Password = "short" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => service.EnsureBootstrapAdminAsync(CancellationToken.None));

        Assert.Contains("WINDFLOW_ADMIN_USER", error.Message, StringComparison.Ordinal);
        Assert.Contains(FakeAccountAdministration.ShortPasswordError, error.Message, StringComparison.Ordinal);
        Assert.Empty(_accounts.SuperAdmins);
    }

    [Fact]
    public async Task CompleteSetupAsync_SecondTime_ReturnsAlreadyDone()
    {
        var service = CreateService(new BootstrapAdminOptions());

        var first = await service.CompleteSetupAsync("admin", "", GoodPassword, CancellationToken.None);
        var second = await service.CompleteSetupAsync("intruder", null, GoodPassword, CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.Same(SetupService.AlreadyDone, second);
        Assert.False(second.Succeeded);
        var admin = Assert.Single(_accounts.SuperAdmins);
        Assert.Equal("admin", admin.UserName);
        Assert.Null(admin.Email);
    }

    [Fact]
    public async Task CompleteSetupAsync_PasswordRefused_ReturnsErrorsAndSetupStaysRequired()
    {
        var service = CreateService(new BootstrapAdminOptions());

        var refused = await service.CompleteSetupAsync("admin", null, "short", CancellationToken.None);

        Assert.Equal([FakeAccountAdministration.ShortPasswordError], refused.Errors);
        Assert.True(await service.IsSetupRequiredAsync(CancellationToken.None));
        Assert.True((await service.CompleteSetupAsync("admin", null, GoodPassword, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task IsSetupRequiredAsync_AdminExists_CachesAnswerWithoutAskingStoreAgain()
    {
        _accounts.SuperAdmins.Add(("existing", null, GoodPassword));
        var service = CreateService(new BootstrapAdminOptions());

        Assert.False(await service.IsSetupRequiredAsync(CancellationToken.None));
        Assert.False(await service.IsSetupRequiredAsync(CancellationToken.None));
        // A new scope (new service) shares the process-wide state.
        Assert.False(await CreateService(new BootstrapAdminOptions()).IsSetupRequiredAsync(CancellationToken.None));

        Assert.Equal(1, _accounts.AnySuperAdminCalls);
    }

    [Fact]
    public async Task IsSetupRequiredAsync_NoAdmin_AsksStoreEachTime()
    {
        var service = CreateService(new BootstrapAdminOptions());

        Assert.True(await service.IsSetupRequiredAsync(CancellationToken.None));
        Assert.True(await service.IsSetupRequiredAsync(CancellationToken.None));
        // An admin created elsewhere (e.g. another instance) must be noticed.
        _accounts.SuperAdmins.Add(("elsewhere", null, GoodPassword));
        Assert.False(await service.IsSetupRequiredAsync(CancellationToken.None));

        Assert.Equal(3, _accounts.AnySuperAdminCalls);
    }

    private SetupService CreateService(BootstrapAdminOptions options) =>
        new(_accounts, _state, Options.Create(options), NullLogger<SetupService>.Instance);
}
