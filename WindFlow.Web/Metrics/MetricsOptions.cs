namespace WindFlow.Web.Metrics;

/// <summary>The <c>Metrics</c> section: the Prometheus endpoint at <c>/metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Collect measurements and serve <c>/metrics</c>. Off: no listener, no endpoint, no cost.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A scraper that is not on the loopback interface must send <c>Authorization: Bearer</c> with
    /// this value. Unset: only loopback scrapers are served.
    /// </summary>
    public string? BearerToken { get; set; }

    /// <summary>How old the targets and deployments counts may be before a scrape reads them again.</summary>
    public TimeSpan StateRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Label sets kept per instrument; measurements with new ones beyond this are dropped (and logged once).</summary>
    public int MaxSeriesPerInstrument { get; set; } = 2000;

    /// <summary>A message naming the first bad setting, or null.</summary>
    public string? Validate() =>
        BearerToken is { Length: > 0 and < 16 } ? "Metrics__BearerToken must be at least 16 characters (for example `openssl rand -hex 32`)."
        : StateRefreshInterval < TimeSpan.Zero ? "Metrics__StateRefreshInterval must not be negative."
        : MaxSeriesPerInstrument < 1 ? "Metrics__MaxSeriesPerInstrument must be at least 1."
        : null;
}
