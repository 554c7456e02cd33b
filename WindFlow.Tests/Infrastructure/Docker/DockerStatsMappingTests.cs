using System.Text.Json;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Docker;

namespace WindFlow.Tests.Infrastructure.Docker;

// Hand-written engine answers, shaped like what dockerd 20.10 sends on cgroup v1 and v2 hosts.
public sealed class DockerStatsMappingTests
{
    private const long MiB = 1024 * 1024;
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToStats_CgroupV1Sample_ComputesCpuPercentAndSubtractsTotalInactiveFile()
    {
        var stats = Map("""
            {
              "read": "2025-03-01T11:59:58.123456789Z",
              "pids_stats": { "current": 7 },
              "cpu_stats": {
                "cpu_usage": { "total_usage": 400000000, "percpu_usage": [200000000, 200000000] },
                "system_cpu_usage": 20000000000,
                "online_cpus": 4
              },
              "precpu_stats": {
                "cpu_usage": { "total_usage": 200000000 },
                "system_cpu_usage": 18000000000,
                "online_cpus": 4
              },
              "memory_stats": {
                "usage": 104857600,
                "limit": 536870912,
                "stats": { "total_inactive_file": 31457280, "inactive_file": 10485760, "cache": 41943040 }
              },
              "blkio_stats": {
                "io_service_bytes_recursive": [
                  { "major": 8, "minor": 0, "op": "Read", "value": 1000 },
                  { "major": 8, "minor": 0, "op": "Write", "value": 300 },
                  { "major": 8, "minor": 0, "op": "Sync", "value": 1300 },
                  { "major": 8, "minor": 0, "op": "Total", "value": 1300 },
                  { "major": 8, "minor": 16, "op": "Read", "value": 24 }
                ]
              },
              "networks": {
                "eth0": { "rx_bytes": 1500, "tx_bytes": 700 },
                "eth1": { "rx_bytes": 500, "tx_bytes": 300 }
              }
            }
            """);

        // 0.2 s of CPU over 2 s of system time on 4 CPUs: 0.1 * 4 * 100.
        Assert.Equal(40.0, stats.CpuPercent, precision: 9);
        Assert.Equal(70 * MiB, stats.MemoryUsageBytes);
        Assert.Equal(512 * MiB, stats.MemoryLimitBytes);
        Assert.Equal(1024, stats.BlockReadBytes);
        Assert.Equal(300, stats.BlockWriteBytes);
        Assert.Equal(2000, stats.NetworkRxBytes);
        Assert.Equal(1000, stats.NetworkTxBytes);
        Assert.Equal(7, stats.Pids);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 11, 59, 58, TimeSpan.Zero).AddTicks(1234567), stats.Time);
        Assert.Equal(70.0 / 512 * 100, stats.MemoryPercent, precision: 9);
    }

    [Fact]
    public void ToStats_CgroupV2Sample_SubtractsInactiveFileAndReadsLowercaseOps()
    {
        var stats = Map("""
            {
              "read": "2025-03-01T11:59:58Z",
              "pids_stats": { "current": 3, "limit": 4096 },
              "cpu_stats": { "cpu_usage": { "total_usage": 1500000000 }, "system_cpu_usage": 5000000000, "online_cpus": 2 },
              "precpu_stats": { "cpu_usage": { "total_usage": 1000000000 }, "system_cpu_usage": 3000000000, "online_cpus": 2 },
              "memory_stats": {
                "usage": 104857600,
                "limit": 9223372036854771712,
                "stats": { "anon": 52428800, "file": 41943040, "inactive_file": 10485760, "active_file": 31457280 }
              },
              "blkio_stats": {
                "io_service_bytes_recursive": [
                  { "major": 254, "minor": 0, "op": "read", "value": 4096 },
                  { "major": 254, "minor": 0, "op": "write", "value": 8192 }
                ]
              }
            }
            """);

        Assert.Equal(50.0, stats.CpuPercent, precision: 9);
        Assert.Equal(90 * MiB, stats.MemoryUsageBytes);
        Assert.Equal(9223372036854771712, stats.MemoryLimitBytes);
        Assert.Equal(4096, stats.BlockReadBytes);
        Assert.Equal(8192, stats.BlockWriteBytes);
        Assert.Equal(0, stats.NetworkRxBytes);
        Assert.Equal(3, stats.Pids);
    }

    [Fact]
    public void ToStats_CacheNotBelowUsage_KeepsUsageWhole()
    {
        var stats = Map("""
            { "read": "2025-03-01T11:59:58Z", "memory_stats": { "usage": 4096, "limit": 8192, "stats": { "total_inactive_file": 4096, "inactive_file": 8192 } } }
            """);

        Assert.Equal(4096, stats.MemoryUsageBytes);
    }

    [Fact]
    public void ToStats_StoppedContainerSample_IsAllZeroAtTheCallersTime()
    {
        var dto = Parse("""
            {
              "read": "0001-01-01T00:00:00Z", "preread": "0001-01-01T00:00:00Z",
              "pids_stats": {},
              "blkio_stats": { "io_service_bytes_recursive": null },
              "cpu_stats": { "cpu_usage": { "total_usage": 0, "usage_in_kernelmode": 0 }, "throttling_data": { "periods": 0 } },
              "precpu_stats": { "cpu_usage": { "total_usage": 0 } },
              "memory_stats": {},
              "name": "/stopped", "id": "abc"
            }
            """);

        var stats = DockerMapping.ToStats(dto, Now);

        Assert.False(DockerMapping.IsLiveSample(dto));
        Assert.Equal(new ContainerStats(Now, 0, 0, 0, 0, 0, 0, 0, 0), stats);
        Assert.Equal(0, stats.MemoryPercent);
    }

    [Fact]
    public void ToStats_EmptyObject_MapsToZeros()
    {
        Assert.Equal(new ContainerStats(Now, 0, 0, 0, 0, 0, 0, 0, 0), Map("{}"));
    }

    [Fact]
    public void CpuPercent_NoOnlineCpus_FallsBackToPerCpuCountThenOne()
    {
        var perCpu = Map("""
            {
              "cpu_stats": { "cpu_usage": { "total_usage": 300, "percpu_usage": [100, 100, 100] }, "system_cpu_usage": 2000 },
              "precpu_stats": { "cpu_usage": { "total_usage": 100 }, "system_cpu_usage": 1000 }
            }
            """);
        var noCount = Map("""
            {
              "cpu_stats": { "cpu_usage": { "total_usage": 300 }, "system_cpu_usage": 2000 },
              "precpu_stats": { "cpu_usage": { "total_usage": 100 }, "system_cpu_usage": 1000 }
            }
            """);

        Assert.Equal(60.0, perCpu.CpuPercent, precision: 9);
        Assert.Equal(20.0, noCount.CpuPercent, precision: 9);
    }

    [Fact]
    public void CpuPercent_FirstSampleOfAStream_IsZeroRatherThanAnAverageSinceBoot()
    {
        // The first streamed sample has an empty precpu_stats: no interval to measure yet.
        var stats = Map("""
            {
              "read": "2025-03-01T11:59:58Z", "preread": "0001-01-01T00:00:00Z",
              "cpu_stats": { "cpu_usage": { "total_usage": 900000000 }, "system_cpu_usage": 32830270000000, "online_cpus": 2 },
              "precpu_stats": { "cpu_usage": { "total_usage": 0 }, "throttling_data": {} }
            }
            """);

        Assert.Equal(0, stats.CpuPercent);
    }

    [Fact]
    public void CpuPercent_NoProgressOrClockGoingBack_IsZero()
    {
        var idle = Map("""
            {
              "cpu_stats": { "cpu_usage": { "total_usage": 100 }, "system_cpu_usage": 2000, "online_cpus": 1 },
              "precpu_stats": { "cpu_usage": { "total_usage": 100 }, "system_cpu_usage": 1000, "online_cpus": 1 }
            }
            """);
        var sameSystem = Map("""
            {
              "cpu_stats": { "cpu_usage": { "total_usage": 200 }, "system_cpu_usage": 1000, "online_cpus": 1 },
              "precpu_stats": { "cpu_usage": { "total_usage": 100 }, "system_cpu_usage": 1000, "online_cpus": 1 }
            }
            """);

        Assert.Equal(0, idle.CpuPercent);
        Assert.Equal(0, sameSystem.CpuPercent);
    }

    [Fact]
    public void ToPullProgress_LayerAndRepositoryMessages_CarryLayerIdOnlyForLayers()
    {
        var pullingFrom = DockerMapping.ToPullProgress(ParsePull("""{"status":"Pulling from windflow-test/pull","id":"1"}"""));
        var downloading = DockerMapping.ToPullProgress(ParsePull(
            """{"status":"Downloading","progressDetail":{"current":36445,"total":3001170},"progress":"[>   ]","id":"fa40e71a450e"}"""));
        var pullFs = DockerMapping.ToPullProgress(ParsePull("""{"status":"Pulling fs layer","progressDetail":{},"id":"fa40e71a450e"}"""));
        var digest = DockerMapping.ToPullProgress(ParsePull("""{"status":"Digest: sha256:95934c7e"}"""));

        Assert.Equal(new PullProgress("Pulling from windflow-test/pull", null, null, null), pullingFrom);
        Assert.Equal(new PullProgress("Downloading", "fa40e71a450e", 36445, 3001170), downloading);
        Assert.Equal(new PullProgress("Pulling fs layer", "fa40e71a450e", null, null), pullFs);
        Assert.Equal(new PullProgress("Digest: sha256:95934c7e", null, null, null), digest);
    }

    [Theory]
    [InlineData("manifest for 127.0.0.1:5000/x:nope not found: manifest unknown: manifest unknown", EngineErrorKind.NotFound)]
    [InlineData("pull access denied for nothere, repository does not exist or may require 'docker login'", EngineErrorKind.NotFound)]
    [InlineData("unknown blob", EngineErrorKind.Api)]
    [InlineData("write /var/lib/docker/tmp/GetImageBlob: no space left on device", EngineErrorKind.Api)]
    public void PullErrorKind_EngineMessage_TellsMissingImagesFromOtherFailures(string message, EngineErrorKind expected)
    {
        Assert.Equal(expected, DockerMapping.PullErrorKind(message));
    }

    [Theory]
    [InlineData(1, 41, "volumes/prune")]
    [InlineData(1, 42, "volumes/prune?filters=%7B%22all%22%3A%5B%22true%22%5D%7D")]
    [InlineData(1, 47, "volumes/prune?filters=%7B%22all%22%3A%5B%22true%22%5D%7D")]
    public void VolumePrunePath_ApiVersion_AsksForAllVolumesOnlyWhereTheEngineNeedsIt(int major, int minor, string expected)
    {
        Assert.Equal(expected, DockerEngineClient.VolumePrunePath(new Version(major, minor)));
    }

    private static ContainerStats Map(string json) => DockerMapping.ToStats(Parse(json), Now);

    private static DockerStatsDto Parse(string json) =>
        JsonSerializer.Deserialize(json, DockerJsonContext.Default.DockerStatsDto) ?? throw new InvalidOperationException("null sample");

    private static DockerPullMessageDto ParsePull(string json) =>
        JsonSerializer.Deserialize(json, DockerJsonContext.Default.DockerPullMessageDto) ?? throw new InvalidOperationException("null message");
}
