using WindFlow.Core.Compose;

namespace WindFlow.Tests.Core.Compose;

public sealed class ComposePolicyTests
{
    private static ComposeProject Parse(string yaml)
    {
        var result = ComposeParser.Parse(yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Project!;
    }

    private static ComposeProject Service(string keys) =>
        Parse($"services:\n  web:\n    image: app\n    {keys}\n");

    [Theory]
    [InlineData("privileged: true", "services.web.privileged", "privileged mode is blocked by the organisation's policy")]
    [InlineData("pid: host", "services.web.pid", "the host PID namespace (pid: host) is blocked")]
    [InlineData("ipc: host", "services.web.ipc", "the host IPC namespace (ipc: host) is blocked")]
    public void Check_DangerousKeyByDefault_IsBlockedAtItsLine(string keys, string path, string message)
    {
        var error = Assert.Single(ComposePolicy.Check(Service(keys), new ComposePolicyOptions()));

        Assert.Equal((4, 5, path), (error.Line, error.Column, error.Path));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("an organisation admin can allow it", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("privileged: true")]
    [InlineData("pid: host")]
    [InlineData("ipc: host")]
    [InlineData("network_mode: host")]
    [InlineData("volumes: [\"/var/run/docker.sock:/var/run/docker.sock\"]")]
    public void Check_DangerousKeyAllowedByAdmin_Passes(string keys)
    {
        var options = new ComposePolicyOptions
        {
            AllowPrivileged = true,
            AllowHostPid = true,
            AllowHostIpc = true,
            AllowDockerSocket = true,
            AllowHostNetwork = true,
        };

        Assert.Empty(ComposePolicy.Check(Service(keys), options));
    }

    [Fact]
    public void Check_HostNetwork_AllowedByDefaultAndBlockable()
    {
        var project = Service("network_mode: host");

        Assert.Empty(ComposePolicy.Check(project, new ComposePolicyOptions()));
        var error = Assert.Single(ComposePolicy.Check(project, new ComposePolicyOptions { AllowHostNetwork = false }));
        Assert.Equal("services.web.network_mode", error.Path);
    }

    [Fact]
    public void Check_SafeService_HasNoError()
    {
        var project = Service("privileged: false\n    pid: container:other\n    volumes: [\"/srv/windflow/app/data:/data\"]");

        Assert.Empty(ComposePolicy.Check(project, new ComposePolicyOptions()));
    }

    [Theory]
    [InlineData("/var/run/docker.sock")]
    [InlineData("/run/docker.sock")]
    [InlineData("/var/run")]
    [InlineData("/run/")]
    [InlineData("/srv/windflow/../../var/run/docker.sock")]
    public void Check_DockerSocketBind_IsBlockedEvenUnderAllowedBase(string source)
    {
        var options = new ComposePolicyOptions { AllowedHostPathBase = "/" };

        var error = Assert.Single(ComposePolicy.Check(Service($"volumes: [\"{source}:/sock\"]"), options));

        Assert.Equal((4, 15), (error.Line, error.Column));
        Assert.Contains("exposes the Docker socket", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc", "'/etc' is outside /srv/windflow")]
    [InlineData("/srv/windflow-other/x", "'/srv/windflow-other/x' is outside /srv/windflow")]
    [InlineData("/srv/windflow/../../etc", "'/srv/windflow/../../etc' (which is /etc) is outside /srv/windflow")]
    public void Check_BindOutsideBase_IsBlocked(string source, string message)
    {
        var error = Assert.Single(ComposePolicy.Check(Service($"volumes: [\"{source}:/x\"]"), new ComposePolicyOptions()));

        Assert.Equal("services.web.volumes", error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("an organisation admin can allow it", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/srv/windflow")]
    [InlineData("/srv/windflow/a/./b")]
    [InlineData("/srv/windflow/a/../b")]
    public void Check_BindInsideBase_Passes(string source)
    {
        Assert.Empty(ComposePolicy.Check(Service($"volumes: [\"{source}:/x\"]"), new ComposePolicyOptions()));
    }

    [Fact]
    public void Check_NoBaseConfigured_BlocksEveryBindButNotVolumes()
    {
        var project = Parse("""
            services:
              web:
                image: app
                volumes:
                  - data:/data
                  - type: tmpfs
                    target: /tmp
                  - type: bind
                    source: /srv/windflow/x
                    target: /x
            volumes:
              data:
            """);

        var error = Assert.Single(ComposePolicy.Check(project, new ComposePolicyOptions { AllowedHostPathBase = null }));

        Assert.Equal((8, 9), (error.Line, error.Column));
        Assert.StartsWith("bind mounts of host paths ('/srv/windflow/x') are blocked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SeveralServices_ReportsEveryBreachInFileOrder()
    {
        var project = Parse("""
            services:
              a:
                image: app
                ipc: host
              b:
                image: app
                privileged: true
                volumes: ["/etc:/etc"]
            """);

        Assert.Equal(
            [(4, "services.a.ipc"), (7, "services.b.privileged"), (8, "services.b.volumes")],
            ComposePolicy.Check(project, new ComposePolicyOptions()).Select(e => (e.Line, e.Path)));
    }
}
