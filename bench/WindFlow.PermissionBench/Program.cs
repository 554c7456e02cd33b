using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using WindFlow.Core.Auditing;
using WindFlow.Core.Organizations;

// The cost of a permission check (issue #5), in three layers: the table lookup alone; the guard
// with the caller's access already loaded for the request (what every check after the first one
// in a request costs); the guard loading the access each time (the first check of a request),
// with a store that answers from memory, so the figure is the guard's own work and excludes the
// one indexed database read the real store makes. Prints `RESULT key=value` lines.
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000;
var organization = Guid.NewGuid();
var store = new MemoryStore(organization);
var context = new Context();
// Every check here is allowed, so the audit trail (written only on refusals) is never reached.
var guard = new AccessGuard(context, store, TimeProvider.System, new AuditTrail(new NoAuditLog(), new NoActor(), context, TimeProvider.System, NullLogger<AuditTrail>.Instance));

Measure("table_lookup_ns", iterations * 10, () => PermissionTable.Allows(Resource.Deployment, ActionClass.Operate, false, OrganizationRole.Operator));
await MeasureAsync("guard_cached_ns", iterations, () =>
{
    context.Current ??= new AccessCaller("bench", "bench", null);
    return guard.DemandAsync(organization, Resource.Deployment, ActionClass.Operate, CancellationToken.None);
});
await MeasureAsync("guard_first_check_ns", iterations, () =>
{
    // A fresh caller per call: what the first check of each request does.
    context.Current = new AccessCaller("bench", "bench", null);
    return guard.DemandAsync(organization, Resource.Deployment, ActionClass.Operate, CancellationToken.None);
});
return 0;

static void Measure(string name, int count, Func<bool> check)
{
    var sink = 0;
    for (var i = 0; i < 10_000; i++)
    {
        sink += check() ? 1 : 0;
    }

    var watch = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        sink += check() ? 1 : 0;
    }

    watch.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {name}={watch.Elapsed.TotalNanoseconds / count:0.0} (checks={count}, allowed={sink})"));
}

static async Task MeasureAsync(string name, int count, Func<Task<UserAccess>> check)
{
    for (var i = 0; i < 10_000; i++)
    {
        await check();
    }

    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        await check();
    }

    watch.Stop();
    var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)count;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {name}={watch.Elapsed.TotalNanoseconds / count:0.0} (checks={count}, allocated_bytes_per_check={bytes:0})"));
}

internal sealed class Context : IAccessContext
{
    public AccessCaller Current { get; set; } = null!;
}

// Only GetAccessAsync is on the measured path.
internal sealed class MemoryStore(Guid organization) : IOrganizationStore
{
    private readonly Dictionary<Guid, OrganizationRole> _memberships = new()
    {
        [organization] = OrganizationRole.Operator,
        [Guid.NewGuid()] = OrganizationRole.Viewer,
        [Guid.NewGuid()] = OrganizationRole.Admin,
    };

    public Task<UserAccess?> GetAccessAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<UserAccess?>(new UserAccess(userId, false, _memberships, now));

    public Task<IReadOnlyList<Organization>> ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Organization?> FindAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Organization?> FindBySlugAsync(string slug, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> AddAsync(Organization organization, IReadOnlyList<OrganizationEnvironment> environments, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> UpdateAsync(Organization organization, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> HasResourcesAsync(Guid organizationId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<OrganizationEnvironment>> ListEnvironmentsAsync(Guid organizationId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<OrganizationEnvironment?> FindEnvironmentAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> AddEnvironmentAsync(OrganizationEnvironment environment, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> EnvironmentHasTargetsAsync(Guid environmentId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> DeleteEnvironmentAsync(Guid environmentId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<Membership>> ListMembershipsOfUserAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<MemberView>> ListMembersAsync(Guid organizationId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SetMembershipAsync(Membership membership, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> RemoveMembershipAsync(string userId, Guid organizationId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task ReplaceMembershipsAsync(string userId, IReadOnlyList<Membership> memberships, CancellationToken cancellationToken) => throw new NotSupportedException();
}

internal sealed class NoAuditLog : IAuditLog
{
    public Task AddAsync(AuditEvent auditEvent, CancellationToken cancellationToken) => throw new InvalidOperationException("The benchmark's checks are all allowed: nothing is audited.");

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) => throw new NotSupportedException();
}

internal sealed class NoActor : IAuditActor
{
    public AuditActorInfo? Current => null;
}
