using WindFlow.Web.Metrics;

namespace WindFlow.Tests.Web.Metrics;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("http.server.request.duration", "s", false, false, "http_server_request_duration_seconds")]
    [InlineData("windflow.runs", "{run}", true, false, "windflow_runs_total")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", true, false, "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("dotnet.process.memory.working_set", "By", false, true, "dotnet_process_memory_working_set_bytes")]
    [InlineData("already.total", null, true, false, "already_total")]
    [InlineData("queue.latency_seconds", "s", false, false, "queue_latency_seconds")]
    [InlineData("network.io", "By/s", false, true, "network_io_bytes_per_second")]
    [InlineData("cpu.utilization", "1", false, true, "cpu_utilization_ratio")]
    [InlineData("events", "1", true, false, "events_total")]
    [InlineData("weird-name..with spaces", null, false, true, "weird_name_with_spaces")]
    [InlineData("9lives", null, false, true, "_9lives")]
    public void Metric_InstrumentNameAndUnit_FollowsPrometheusConventions(string name, string? unit, bool counter, bool gauge, string expected)
    {
        Assert.Equal(expected, PrometheusNames.Metric(name, unit, counter, gauge));
    }

    [Theory]
    [InlineData("http.route", "http_route")]
    [InlineData("db.client.connection.state", "db_client_connection_state")]
    [InlineData("a:b", "a_b")]
    public void Label_TagName_BecomesValidLabelName(string tag, string expected)
    {
        Assert.Equal(expected, PrometheusNames.Label(tag));
    }
}
