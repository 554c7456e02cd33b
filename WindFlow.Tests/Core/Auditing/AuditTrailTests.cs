using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WindFlow.Core.Accounts;
using WindFlow.Core.Auditing;
using WindFlow.Core.Common;
using WindFlow.Core.Targets;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Core.Auditing;

public sealed class AuditTrailTests
{
    private readonly InMemoryAuditLog _log = new();
    private readonly ManualTimeProvider _clock = new();

    private AuditTrail Trail(AuditActorInfo? actor) => AccessFakes.AuditTrailFor(new FakeAccessContext(), _log, _clock, new FixedAuditActor(actor));

    [Fact]
    public async Task RecordAsync_AmbientActor_StoresActorIpTimeAndMaskedDetails()
    {
        var trail = Trail(new AuditActorInfo("u1", "alice", "10.1.2.3"));

        await trail.RecordAsync("deployment.updated", "deployment", "d1", AuditOutcome.Failed, "value hunter2-secret refused", ["hunter2-secret"]);

        var e = Assert.Single(_log.Events);
        Assert.Equal(("u1", "alice", "10.1.2.3"), (e.UserId, e.UserName, e.IpAddress));
        Assert.Equal(("deployment.updated", "deployment", "d1", AuditOutcome.Failed), (e.Action, e.ResourceType, e.ResourceId, e.Outcome));
        Assert.Equal(_clock.GetUtcNow(), e.Time);
        Assert.Equal($"value {SecretText.Mask} refused", e.Details);
    }

    [Fact]
    public async Task RecordAsync_NoActor_RecordsSystem()
    {
        await Trail(null).RecordAsync("stack.created", "stack", "s1", AuditOutcome.Succeeded);

        var e = Assert.Single(_log.Events);
        Assert.Equal(AuditTrail.SystemActor, e.UserName);
        Assert.Null(e.UserId);
    }

    [Fact]
    public async Task RecordAsync_StoreThrows_DoesNotThrow()
    {
        _log.FailWrites = true;

        await Trail(null).RecordAsync("stack.created", "stack", "s1", AuditOutcome.Succeeded);

        Assert.Empty(_log.Events);
    }

    [Fact]
    public async Task RecordedAsync_FailedResult_RecordsFailedWithErrorAndReturnsSameResult()
    {
        var failed = TargetResult<Guid>.Fail(new TargetError(TargetErrorKind.NotFound, "No target has id x."));

        var returned = await Trail(null).RecordedAsync("target.deleted", "target", "x", failed);

        Assert.Same(failed, returned);
        var e = Assert.Single(_log.Events);
        Assert.Equal((AuditOutcome.Failed, "No target has id x."), (e.Outcome, e.Details));
    }

    [Fact]
    public async Task AuditedCredentialVerifier_WrongPassword_RecordsNameTriedButNeverThePassword()
    {
        var actor = new FixedAuditActor(new AuditActorInfo(null, null, "127.0.0.9"));
        var verifier = new AuditedCredentialVerifier(new FakeCredentialVerifier(), AccessFakes.AuditTrailFor(new FakeAccessContext(), _log, _clock, actor), actor);

        var check = await verifier.VerifyAsync(" mallory ", "not-the-password-123", CancellationToken.None);

        Assert.NotEqual(CredentialCheckStatus.Succeeded, check.Status);
        var e = Assert.Single(_log.Events);
        Assert.Equal(("auth.sign_in_failed", "mallory", "127.0.0.9", AuditOutcome.Failed), (e.Action, e.UserName, e.IpAddress, e.Outcome));
        Assert.DoesNotContain("not-the-password-123", $"{e.UserName}{e.Details}{e.ResourceId}", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_PrunesOnlyEventsOlderThanRetention()
    {
        var trail = Trail(null);
        await trail.RecordAsync("old", "x", null, AuditOutcome.Succeeded);
        _clock.Advance(TimeSpan.FromDays(31));
        await trail.RecordAsync("new", "x", null, AuditOutcome.Succeeded);
        var retention = new AuditRetention(_log, Options.Create(new AuditOptions { RetentionDays = 30 }), _clock, NullLogger<AuditRetention>.Instance);

        Assert.Equal(1, await retention.PruneAsync(CancellationToken.None));
        Assert.Equal("new", Assert.Single(_log.Events).Action);
    }
}
