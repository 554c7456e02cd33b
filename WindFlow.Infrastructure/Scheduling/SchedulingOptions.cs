using WindFlow.Infrastructure.Persistence;

namespace WindFlow.Infrastructure.Scheduling;

/// <summary>How WindFlow's scheduler runs (section <c>Scheduling</c>).</summary>
public sealed class SchedulingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Scheduling";

    /// <summary>
    /// Several WindFlow instances on one PostgreSQL database share jobs and runs: each run executes
    /// on one instance, and when that instance dies another one takes the run over.
    /// </summary>
    public bool Clustered { get; set; }

    /// <summary>How often an instance tells the cluster it is alive; a dead one is noticed after about twice this.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>Describes the first invalid setting, or returns null when all are valid.</summary>
    /// <param name="database">The database settings.</param>
    /// <param name="sharedSigningKey">Whether <c>Auth__JwtSigningKey</c> is set.</param>
    public string? Validate(DatabaseOptions database, bool sharedSigningKey)
    {
        if (Clustered && !database.IsPostgres)
        {
            return "Scheduling__Clustered needs Database__Provider=postgres: a SQLite file cannot be shared by several instances.";
        }

        // Otherwise each instance signs API tokens with its own random key and refuses the others'.
        if (Clustered && !sharedSigningKey)
        {
            return "Scheduling__Clustered needs Auth__JwtSigningKey: set the same base64 key (64 random bytes, e.g. `openssl rand -base64 64`) on every instance.";
        }

        if (ClusterCheckinInterval < TimeSpan.FromMilliseconds(500) || ClusterCheckinInterval > TimeSpan.FromMinutes(5))
        {
            return $"Scheduling__ClusterCheckinInterval is {ClusterCheckinInterval}; use between 00:00:00.5 and 00:05:00.";
        }

        return null;
    }
}
