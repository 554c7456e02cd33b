namespace WindFlow.Tests.TestSupport;

/// <summary>An app signed in through the API with the collection's engine registered as a target.</summary>
public abstract class EngineApiTestBase(DockerEngine docker, string targetPrefix) : IAsyncLifetime
{
    protected DockerEngine Docker { get; } = docker;

    protected WindFlowAppFactory App { get; private set; } = default!;

    protected HttpClient Client { get; private set; } = default!;

    /// <summary>The id of the target that reaches the test engine.</summary>
    protected string Target { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App = CreateApp();
        Client = await App.CreateApiClientAsync();
        Target = await Web.TargetApiTests.CreateAsync(Client, new { name = Web.TargetApiTests.UniqueName(targetPrefix), endpoint = Docker.Endpoint });
    }

    /// <summary>The app under test; override to change its settings.</summary>
    protected virtual WindFlowAppFactory CreateApp() => new();

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
