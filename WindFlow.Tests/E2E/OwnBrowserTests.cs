namespace WindFlow.Tests.E2E;

/// <summary>
/// A test class with its own Chromium: classes in the docker collection cannot also join the
/// browser collection, so they start one for themselves.
/// </summary>
public abstract class OwnBrowserTests : IAsyncLifetime
{
    protected BrowserFixture Browser { get; } = new();

    public virtual Task InitializeAsync() => Browser.InitializeAsync();

    public Task DisposeAsync() => Browser.DisposeAsync();
}
