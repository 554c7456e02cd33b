using Microsoft.Extensions.DependencyInjection;
using WindFlow.Core.Deployments;
using WindFlow.Tests.TestSupport;
using WindFlow.Tests.Web.Organizations;

namespace WindFlow.Tests.Infrastructure;

/// <summary>The run event store on real SQLite, through the app's own services.</summary>
[Trait("Category", "Integration")]
public sealed class RunEventStoreTests(OrganizationFixture fixture) : IClassFixture<OrganizationFixture>
{
    [Fact]
    public async Task AppendEventsAsync_BatchRetriedAfterItWasStored_StoresEachEventOnce()
    {
        var runs = fixture.App.Services.GetRequiredService<IRunStore>();
        var runId = Guid.Parse(fixture.RunA);
        var last = await runs.LastSequenceAsync(runId, CancellationToken.None);
        var first = new List<RunEvent> { Event(runId, last, 1), Event(runId, last, 2) };
        await runs.AppendEventsAsync(first, CancellationToken.None);

        // What a flush whose outcome was unknown does: the same events again, plus the next one.
        await runs.AppendEventsAsync([.. first, Event(runId, last, 3)], CancellationToken.None);

        var stored = await runs.ListEventsAsync(runId, last, CancellationToken.None);
        Assert.Equal([last + 1, last + 2, last + 3], stored.Select(e => e.Sequence));
        Assert.Equal(["retry 1", "retry 2", "retry 3"], stored.Select(e => e.Message));
    }

    private static RunEvent Event(Guid runId, int after, int n) =>
        new() { RunId = runId, Sequence = after + n, Time = DateTimeOffset.UtcNow, Level = RunEventLevel.Info, Message = $"retry {n}" };
}
