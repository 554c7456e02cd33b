using Microsoft.Extensions.Logging.Abstractions;
using WindFlow.Core.Common;
using WindFlow.Core.Deployments;
using WindFlow.Core.Stacks;
using WindFlow.Core.Targets;
using WindFlow.Web.Components.Pages.Deployments;

namespace WindFlow.Tests.Web;

/// <summary>The live run state and the helpers of the deployment pages, without a browser.</summary>
public sealed class DeploymentUiStateTests
{
    private static readonly Guid DeploymentId = Guid.NewGuid();

    [Fact]
    public async Task ShowAsync_LiveEventsAlsoStored_EachShownOnce()
    {
        var run = NewRun();
        var bus = new DeploymentBus(NullLogger<DeploymentBus>.Instance);
        // The live copy of event 2 arrives while the stored ones are being read: subscribe-then-load sees it twice.
        var stored = new List<RunEvent> { Event(run, 1, "web", "creating", 50), Event(run, 2, "web", "running", 100) };
        using var state = new LiveRunState((_, _) => Task.FromResult<IReadOnlyList<RunEvent>>(stored), bus, DeploymentId, f => f(), _ => Task.CompletedTask);
        bus.Publish(new DeploymentNotification(DeploymentNotificationKind.RunChanged, DeploymentId, run.Id, Run: run));
        bus.Publish(new DeploymentNotification(DeploymentNotificationKind.RunEvent, DeploymentId, run.Id, Event: stored[1]));

        await state.ShowAsync(run, CancellationToken.None);
        bus.Publish(new DeploymentNotification(DeploymentNotificationKind.RunEvent, DeploymentId, run.Id, Event: Event(run, 3, "worker", "running", 100)));

        Assert.Equal([1, 2, 3], state.Events.Select(e => e.Sequence));
        Assert.Equal("running", state.Services.Single(s => s.Service == "web").Step);
        Assert.Equal(100, state.Progress);
    }

    [Fact]
    public async Task RunFinished_EventMissedBetweenSubscribeAndLoad_ReadFromTheStore()
    {
        var run = NewRun();
        run.Status = RunStatus.Running;
        var bus = new DeploymentBus(NullLogger<DeploymentBus>.Instance);
        // Event 2 was published before the page subscribed and stored after it read: only the store has it, later.
        var stored = new List<RunEvent> { Event(run, 1, "web", "creating", 50) };
        using var state = new LiveRunState((_, _) => Task.FromResult<IReadOnlyList<RunEvent>>(stored.ToList()), bus, DeploymentId, f => f(), _ => Task.CompletedTask);
        await state.ShowAsync(run, CancellationToken.None);
        stored.Add(Event(run, 2, "web", "running", 100));
        stored.Add(Event(run, 3, "worker", "running", 100));
        bus.Publish(new DeploymentNotification(DeploymentNotificationKind.RunEvent, DeploymentId, run.Id, Event: stored[2]));
        Assert.Equal([1, 3], state.Events.Select(e => e.Sequence));

        var finished = new Run { Id = run.Id, DeploymentId = DeploymentId, Kind = run.Kind, Status = RunStatus.Succeeded, CreatedAt = run.CreatedAt };
        bus.Publish(new DeploymentNotification(DeploymentNotificationKind.RunChanged, DeploymentId, run.Id, Run: finished));

        Assert.Equal([1, 2, 3], state.Events.Select(e => e.Sequence));
        Assert.Equal("running", state.Services.Single(s => s.Service == "web").Step);
    }

    [Fact]
    public async Task ShowAsync_StaleCopyAfterTheRunFinished_KeepsItFinished()
    {
        // The page read the run (running), then the "finished" notification was handled before it called ShowAsync.
        var stale = NewRun();
        stale.Status = RunStatus.Running;
        var finished = new Run { Id = stale.Id, DeploymentId = DeploymentId, Kind = stale.Kind, Status = RunStatus.Succeeded, CreatedAt = stale.CreatedAt };
        var bus = new DeploymentBus(NullLogger<DeploymentBus>.Instance);
        using var state = new LiveRunState((_, _) => Task.FromResult<IReadOnlyList<RunEvent>>([]), bus, DeploymentId, f => f(), _ => Task.CompletedTask);
        bus.Publish(new DeploymentNotification(DeploymentNotificationKind.RunChanged, DeploymentId, finished.Id, Run: finished));

        await state.ShowAsync(stale, CancellationToken.None);

        Assert.Equal(RunStatus.Succeeded, state.Run?.Status);
        Assert.False(state.IsActive);
    }

    [Fact]
    public async Task ProgressTick_NotStored_MovesTheBarOnly()
    {
        var run = NewRun();
        var bus = new DeploymentBus(NullLogger<DeploymentBus>.Instance);
        using var state = new LiveRunState((_, _) => Task.FromResult<IReadOnlyList<RunEvent>>([Event(run, 1, "web", "pulling", 0)]), bus, DeploymentId, f => f(), _ => Task.CompletedTask);
        await state.ShowAsync(run, CancellationToken.None);

        bus.Publish(new DeploymentNotification(DeploymentNotificationKind.RunEvent, DeploymentId, run.Id, Event: Event(run, 0, "web", "pulling", 35)));

        Assert.Single(state.Events);
        Assert.Equal(35, state.Services.Single().Progress);
        Assert.Equal("pulling", state.Services.Single().Step);
    }

    [Fact]
    public async Task RunChanged_NewerRun_ReplacesTheOneShown()
    {
        var first = NewRun();
        first.Status = RunStatus.Succeeded;
        var second = NewRun();
        var bus = new DeploymentBus(NullLogger<DeploymentBus>.Instance);
        using var state = new LiveRunState((id, _) => Task.FromResult<IReadOnlyList<RunEvent>>(id == first.Id ? [Event(first, 1, "web", "running", 100)] : []), bus, DeploymentId, f => f(), _ => Task.CompletedTask);
        await state.ShowAsync(first, CancellationToken.None);

        bus.Publish(new DeploymentNotification(DeploymentNotificationKind.RunChanged, DeploymentId, second.Id, Run: second));

        Assert.Equal(second.Id, state.Run?.Id);
        Assert.True(state.IsActive);
        Assert.Empty(state.Events);
    }

    [Theory]
    [InlineData("My Web App", "my-web-app")]
    [InlineData("  __Redis (cache)!", "redis-cache")]
    [InlineData("ünïcode", "n-code")]
    public void ProjectNameFor_StackName_ValidProjectName(string stack, string expected) =>
        Assert.Equal(expected, DeployWizard.ProjectNameFor(stack));

    [Fact]
    public void FromProblems_ValueProblems_MappedToFields()
    {
        var error = OperationError.Invalid([new InputProblem("values.PORT", "PORT must be at least 1024"), new InputProblem("template", "bad", 3, 1)]);

        var (fields, other) = DeploymentValueRules.FromProblems(error);

        Assert.Equal("PORT must be at least 1024", fields["PORT"]);
        Assert.Contains("template line 3", other, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SecretLeftMasked_CountsAsGiven()
    {
        var schema = new VariableSchema([new("TOKEN", new VariableDefinition(VariableType.Password) { Required = true })]);

        Assert.Empty(DeploymentValueRules.Validate(schema, new Dictionary<string, string?> { ["TOKEN"] = SecretText.Mask }, ["TOKEN"]));
        Assert.Contains("TOKEN", DeploymentValueRules.Validate(schema, new Dictionary<string, string?>(), []).Keys);
    }

    [Fact]
    public void CarryOver_OtherVersion_KeepsRemainingValuesDropsOthersAndDefaultsNewOnes()
    {
        var version2 = new VariableSchema(
        [
            new("MESSAGE", new VariableDefinition(VariableType.String) { Default = "hello" }),
            new("PORT", new VariableDefinition(VariableType.Integer) { Default = 8080L }),
            new("GREETING", new VariableDefinition(VariableType.String) { Default = "hi" }),
            new("EXTRA", new VariableDefinition(VariableType.String)),
        ]);
        var entered = new Dictionary<string, string?> { ["MESSAGE"] = "second", ["PORT"] = "9000", ["OLD"] = "gone" };

        var carried = DeploymentValueRules.CarryOver(version2, entered);

        Assert.Equal(new Dictionary<string, string?> { ["MESSAGE"] = "second", ["PORT"] = "9000", ["GREETING"] = "hi" }, carried);
    }

    [Fact]
    public void StackVersionChoice_From_MarksLatestAndCurrent()
    {
        StackVersion Version(int number, string summary) => new() { Number = number, Template = "", VariablesJson = "{}", ChangeSummary = summary };

        var choices = StackVersionChoice.From([Version(3, "Third"), Version(2, "Second"), Version(1, "Created")], current: 2);

        Assert.Equal(["v3 (latest) · Third", "v2 (current) · Second", "v1 · Created"], choices.Select(c => c.Text));
        Assert.Equal("v1 (latest, current) · Created", Assert.Single(StackVersionChoice.From([Version(1, "Created")], current: 1)).Text);
    }

    [Fact]
    public void ObviousTarget_OneOrOneOnline_PickedElseNone()
    {
        Target Target(TargetStatus status) => new() { Id = Guid.NewGuid(), Name = status.ToString(), Endpoint = "unix:///x.sock", Status = status };
        var online = Target(TargetStatus.Online);
        var offline = Target(TargetStatus.Offline);

        Assert.Equal(offline.Id, DeployWizard.ObviousTarget([offline]));
        Assert.Equal(online.Id, DeployWizard.ObviousTarget([offline, online]));
        Assert.Null(DeployWizard.ObviousTarget([offline, Target(TargetStatus.Unknown)]));
        Assert.Null(DeployWizard.ObviousTarget([]));
    }

    private static Run NewRun() => new()
    {
        Id = Guid.NewGuid(),
        DeploymentId = DeploymentId,
        Kind = RunKind.Deploy,
        Status = RunStatus.Running,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private static RunEvent Event(Run run, int sequence, string service, string step, int progress) => new()
    {
        RunId = run.Id,
        Sequence = sequence,
        Time = DateTimeOffset.UtcNow,
        Service = service,
        Step = step,
        Message = step,
        Progress = progress,
    };
}
