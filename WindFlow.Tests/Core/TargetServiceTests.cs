using Microsoft.Extensions.Logging.Abstractions;
using WindFlow.Core.Auditing;
using WindFlow.Core.Targets;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Core;

public sealed class TargetServiceTests
{
    private const string Socket = "unix:///var/run/docker.sock";
    private readonly InMemoryTargetStore _store = new();
    private readonly FakeSecretProtector _secrets = new();
    private readonly FakeContainerEngineFactory _engines = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly EngineEventBus _bus = new(NullLogger<EngineEventBus>.Instance);
    private readonly List<TargetNotification> _published = [];
    private readonly TargetService _service;
    private readonly ContainerService _containers;

    private InMemoryAuditLog Audit { get; } = new();

    public TargetServiceTests()
    {
        var (guard, organizations, context) = AccessFakes.SuperAdmin();
        var engines = new TargetEngines(_store, _secrets, _engines, guard);
        var audit = AccessFakes.AuditTrailFor(context, Audit, _clock, new FixedAuditActor(new AuditActorInfo("u1", "alice", "127.0.0.1")));
        _service = new TargetService(
            _store, engines, new TargetStatusRecorder(_store, _bus, _clock), _bus, guard, organizations, _clock, audit, NullLogger<TargetService>.Instance);
        _containers = new ContainerService(_store, engines, guard, audit);
        _bus.Subscribe(_published.Add);
    }

    private static CancellationToken Ct => CancellationToken.None;

    [Theory]
    [InlineData("unix:///var/run/docker.sock")]
    [InlineData("tcp://10.0.0.5:2376")]
    [InlineData("tcp://docker.example.test:2375")]
    [InlineData("ssh://deploy@docker.example.test")]
    [InlineData("ssh://deploy@10.0.0.5:2222")]
    public async Task CreateAsync_ValidEndpoint_StoresTargetWithUnknownStatus(string endpoint)
    {
        var result = await _service.CreateAsync(new TargetInput(" prod-1 ", endpoint, new Dictionary<string, string> { ["env"] = "prod" }), Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        var stored = Assert.Single(_store.Targets);
        Assert.Equal(("prod-1", endpoint, TargetStatus.Unknown), (stored.Name, stored.Endpoint, stored.Status));
        Assert.Equal("prod", stored.Labels["env"]);
        Assert.Equal(_clock.GetUtcNow(), stored.CreatedAt);
        Assert.False(stored.HasCredentials);
    }

    [Theory]
    [InlineData("unix://var/run/docker.sock")]
    [InlineData("unix://")]
    [InlineData("tcp://10.0.0.5")]
    [InlineData("tcp://10.0.0.5:0")]
    [InlineData("tcp://10.0.0.5:2376/path")]
    [InlineData("ssh://docker.example.test")]
    [InlineData("ssh://deploy:secret@docker.example.test")]
    [InlineData("http://docker.example.test:2375")]
    [InlineData("/var/run/docker.sock")]
    [InlineData("")]
    [InlineData(null)]
    public async Task CreateAsync_BadEndpoint_FailsNamingEndpointField(string? endpoint)
    {
        var result = await _service.CreateAsync(new TargetInput("prod-1", endpoint), Ct);

        Assert.Equal(TargetErrorKind.Invalid, result.Error?.Kind);
        Assert.Equal("endpoint", result.Error?.Field);
        // The message quotes what was wrong, or says the endpoint is required and what it looks like.
        Assert.Contains(string.IsNullOrEmpty(endpoint) ? "unix:///" : $"'{endpoint}'", result.Error?.Message ?? "", StringComparison.Ordinal);
        Assert.Empty(_store.Targets);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("x101")]
    public async Task CreateAsync_BadName_FailsNamingNameField(string? name)
    {
        name = name == "x101" ? new string('x', 101) : name;

        var result = await _service.CreateAsync(new TargetInput(name, Socket), Ct);

        Assert.Equal((TargetErrorKind.Invalid, "name"), (result.Error?.Kind, result.Error?.Field));
    }

    [Fact]
    public async Task CreateAsync_DuplicateName_FailsWithConflict()
    {
        await _service.CreateAsync(new TargetInput("prod", Socket), Ct);

        var result = await _service.CreateAsync(new TargetInput("prod", "tcp://10.0.0.5:2376"), Ct);

        Assert.Equal(TargetErrorKind.Conflict, result.Error?.Kind);
        Assert.Contains("'prod'", result.Error?.Message, StringComparison.Ordinal);
        Assert.Single(_store.Targets);
    }

    [Fact]
    public async Task CreateAsync_Credentials_StoresThemProtectedOnly()
    {
        var result = await _service.CreateAsync(new TargetInput("prod", "ssh://deploy@h", Credentials: EngineCredentials.ForSsh("PRIVATE-KEY-XYZ")), Ct);

        var stored = Assert.Single(_store.Targets);
        Assert.True(result.Value!.HasCredentials);
        Assert.DoesNotContain("PRIVATE-KEY-XYZ", stored.ProtectedCredentials, StringComparison.Ordinal);
        Assert.Contains("PRIVATE-KEY-XYZ", _secrets.Unprotect(TargetEngines.CredentialsPurpose, stored.ProtectedCredentials!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_NullCredentials_KeepsStoredOnes()
    {
        var id = await CreateWithKeyAsync("KEY-1");
        var before = _store.Targets[0].ProtectedCredentials;

        var result = await _service.UpdateAsync(id, new TargetInput("renamed", "ssh://deploy@h"), Ct);

        Assert.True(result.Succeeded);
        Assert.Equal(("renamed", before), (_store.Targets[0].Name, _store.Targets[0].ProtectedCredentials));
    }

    [Fact]
    public async Task UpdateAsync_EmptyCredentials_ClearsThem()
    {
        var id = await CreateWithKeyAsync("KEY-1");

        await _service.UpdateAsync(id, new TargetInput("prod", "ssh://deploy@h", Credentials: new EngineCredentials("", null, "", "")), Ct);

        Assert.Null(_store.Targets[0].ProtectedCredentials);
    }

    [Fact]
    public async Task UpdateAsync_NewCredentials_ReplacesThem()
    {
        var id = await CreateWithKeyAsync("KEY-1");

        await _service.UpdateAsync(id, new TargetInput("prod", "ssh://deploy@h", Credentials: EngineCredentials.ForSsh("KEY-2")), Ct);

        var plain = _secrets.Unprotect(TargetEngines.CredentialsPurpose, _store.Targets[0].ProtectedCredentials!);
        Assert.Contains("KEY-2", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("KEY-1", plain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_NameOfAnotherTarget_FailsWithConflict()
    {
        await _service.CreateAsync(new TargetInput("a", Socket), Ct);
        var b = (await _service.CreateAsync(new TargetInput("b", "tcp://h:2376"), Ct)).Value!;

        var result = await _service.UpdateAsync(b.Id, new TargetInput("a", "tcp://h:2376"), Ct);

        Assert.Equal(TargetErrorKind.Conflict, result.Error?.Kind);
    }

    [Fact]
    public async Task UpdateAsync_UnknownId_FailsWithNotFound()
    {
        var result = await _service.UpdateAsync(Guid.NewGuid(), new TargetInput("a", Socket), Ct);

        Assert.Equal(TargetErrorKind.NotFound, result.Error?.Kind);
    }

    [Fact]
    public async Task TestConnectionAsync_EngineAnswers_MarksOnlineWithVersions()
    {
        var id = (await _service.CreateAsync(new TargetInput("local", Socket), Ct)).Value!.Id;
        _clock.Advance(TimeSpan.FromMinutes(5));

        var result = await _service.TestConnectionAsync(id, Ct);

        Assert.True(result.Value!.Succeeded);
        var stored = _store.Targets[0];
        Assert.Equal(TargetStatus.Online, stored.Status);
        Assert.Null(stored.StatusMessage);
        Assert.Equal(_clock.GetUtcNow(), stored.LastSeenAt);
        Assert.Equal(("27.5.1", "1.47"), (stored.EngineVersion, stored.ApiVersion));
        Assert.Equal(1, _store.StatusUpdates);
    }

    [Theory]
    [InlineData(EngineErrorKind.Unreachable, TargetStatus.Offline)]
    [InlineData(EngineErrorKind.PermissionDenied, TargetStatus.Error)]
    [InlineData(EngineErrorKind.Api, TargetStatus.Error)]
    public async Task TestConnectionAsync_EngineFails_RecordsStatusAndMessageKeepingLastSeen(EngineErrorKind kind, TargetStatus expected)
    {
        var id = (await _service.CreateAsync(new TargetInput("local", Socket), Ct)).Value!.Id;
        await _service.TestConnectionAsync(id, Ct);
        var lastSeen = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(5));
        _engines.Engine.Failure = new EngineException(kind, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock.");

        var result = await _service.TestConnectionAsync(id, Ct);

        Assert.False(result.Value!.Succeeded);
        Assert.Equal("Cannot connect to the Docker daemon at unix:///var/run/docker.sock.", result.Value.Error);
        var stored = _store.Targets[0];
        Assert.Equal((expected, lastSeen), (stored.Status, stored.LastSeenAt));
        Assert.Equal(result.Value.Error, stored.StatusMessage);
    }

    [Fact]
    public async Task TestConnectionAsync_StoredCredentials_PassesThemDecryptedToTheFactory()
    {
        var id = await CreateWithKeyAsync("KEY-1");

        await _service.TestConnectionAsync(id, Ct);

        Assert.Equal(("ssh://deploy@h", "KEY-1"), (_engines.Created[^1].Endpoint, _engines.Created[^1].Credentials?.SshPrivateKey));
    }

    [Fact]
    public async Task ListContainersAsync_EngineUnreachable_FailsWithEngineMessage()
    {
        var id = (await _service.CreateAsync(new TargetInput("local", Socket), Ct)).Value!.Id;
        _engines.Engine.Failure = new EngineException(EngineErrorKind.Unreachable, "daemon is down");

        var result = await _containers.ListAsync(id, all: true, Ct);

        Assert.Equal(TargetErrorKind.EngineFailed, result.Error?.Kind);
        Assert.Contains("daemon is down", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAsync_Twice_SecondIsNotFound()
    {
        var id = (await _service.CreateAsync(new TargetInput("local", Socket), Ct)).Value!.Id;

        Assert.True((await _service.DeleteAsync(id, Ct)).Succeeded);
        Assert.Equal(TargetErrorKind.NotFound, (await _service.DeleteAsync(id, Ct)).Error?.Kind);
    }

    [Fact]
    public async Task RefreshStatusesAsync_EngineAnswers_MarksEveryTargetOnlineAndPublishesTheChange()
    {
        var first = (await _service.CreateAsync(new TargetInput("a", Socket), Ct)).Value!.Id;
        var second = (await _service.CreateAsync(new TargetInput("b", "ssh://deploy@h", Credentials: EngineCredentials.ForSsh("KEY")), Ct)).Value!.Id;
        _published.Clear();

        var answered = await _service.RefreshStatusesAsync(Ct);

        Assert.Equal(2, answered);
        Assert.All(_store.Targets, t => Assert.Equal((TargetStatus.Online, _clock.GetUtcNow()), (t.Status, t.LastSeenAt!.Value)));
        Assert.Equal(
            new[] { first, second }.Order(),
            _published.Where(n => n is { Kind: TargetNotificationKind.StatusChanged, Status: TargetStatus.Online }).Select(n => n.TargetId).Order());

        // Unchanged statuses are written (last seen moves on) but not announced again.
        _published.Clear();
        await _service.RefreshStatusesAsync(Ct);
        Assert.DoesNotContain(_published, n => n.Kind == TargetNotificationKind.StatusChanged);
    }

    [Fact]
    public async Task CreateUpdateDelete_EachOne_PublishesTargetChanged()
    {
        var id = (await _service.CreateAsync(new TargetInput("a", Socket), Ct)).Value!.Id;
        await _service.UpdateAsync(id, new TargetInput("a2", Socket), Ct);
        await _service.DeleteAsync(id, Ct);

        Assert.Equal(3, _published.Count(n => n.Kind == TargetNotificationKind.TargetChanged && n.TargetId == id));
    }

    [Fact]
    public async Task EnsureLocalTargetAsync_EngineAnswers_RegistersLocalOnceOnly()
    {
        var first = await _service.EnsureLocalTargetAsync("/var/run/docker.sock", Ct);
        var second = await _service.EnsureLocalTargetAsync("/var/run/docker.sock", Ct);

        Assert.NotNull(first);
        Assert.Null(second);
        var stored = Assert.Single(_store.Targets);
        Assert.Equal(("local", Socket, TargetStatus.Online, "27.5.1"), (stored.Name, stored.Endpoint, stored.Status, stored.EngineVersion));
    }

    [Fact]
    public async Task EnsureLocalTargetAsync_EngineAbsent_RegistersNothing()
    {
        _engines.Engine.Failure = new EngineException(EngineErrorKind.Unreachable, "no socket");

        var result = await _service.EnsureLocalTargetAsync("/var/run/docker.sock", Ct);

        Assert.Null(result);
        Assert.Empty(_store.Targets);
    }

    [Fact]
    public async Task EnsureLocalTargetAsync_EndpointAlreadyRegisteredUnderOtherName_DoesNotAskTheEngine()
    {
        await _service.CreateAsync(new TargetInput("my-laptop", Socket), Ct);

        var result = await _service.EnsureLocalTargetAsync("/var/run/docker.sock", Ct);

        Assert.Null(result);
        Assert.Equal("my-laptop", Assert.Single(_store.Targets).Name);
        Assert.Empty(_engines.Created);
    }

    private async Task<Guid> CreateWithKeyAsync(string key) =>
        (await _service.CreateAsync(new TargetInput("prod", "ssh://deploy@h", Credentials: EngineCredentials.ForSsh(key)), Ct)).Value!.Id;
}
