using WindFlow.Core.Compose;

namespace WindFlow.Tests.Core.Compose;

public sealed class ComposeParserErrorTests
{
    private static ComposeError SingleError(string yaml)
    {
        var result = ComposeParser.Parse(yaml);
        Assert.False(result.Succeeded);
        Assert.Null(result.Project);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Parse_UnknownServiceKey_ReportsKeyLineAndColumn()
    {
        var error = SingleError("""
            services:
              web:
                image: app
                foo: 1
            """);

        Assert.Equal("line 4, column 5: services.web.foo: 'foo' is not a supported service key", error.ToString());
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_ReportsKey()
    {
        var error = SingleError("""
            services:
              web:
                image: app
            secrets:
              token: {}
            """);

        Assert.Equal((4, 1, "secrets"), (error.Line, error.Column, error.Path));
        Assert.StartsWith("'secrets' is not a supported top-level key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownHealthcheckKey_ReportsKey()
    {
        var error = SingleError("""
            services:
              web:
                image: app
                healthcheck:
                  test: ["CMD", "true"]
                  intervall: 5s
            """);

        Assert.Equal((6, 7, "services.web.healthcheck.intervall"), (error.Line, error.Column, error.Path));
        Assert.StartsWith("'intervall' is not a supported healthcheck key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("placement:\n        constraints: []", 5, 7, "services.web.deploy.placement")]
    [InlineData("resources:\n        limits:\n          pids: 10", 7, 11, "services.web.deploy.resources.limits.pids")]
    public void Parse_UnknownDeployKey_ReportsKeyAndWhatIsSupported(string deploy, int line, int column, string path)
    {
        var error = SingleError($"services:\n  web:\n    image: app\n    deploy:\n      {deploy}\n");

        Assert.Equal((line, column, path), (error.Line, error.Column, error.Path));
        Assert.Contains("WindFlow supports deploy.replicas and deploy.resources", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Build_IsRejectedWithAdvice()
    {
        var error = SingleError("""
            services:
              web:
                build: .
            """);

        Assert.Equal((3, 5), (error.Line, error.Column));
        Assert.Contains("WindFlow deploys images", error.Message, StringComparison.Ordinal);
        Assert.Contains("push it to a registry", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingImage_ReportsService()
    {
        var error = SingleError("""
            services:
              web:
                user: nobody
            """);

        Assert.Equal((2, 3, "services.web"), (error.Line, error.Column, error.Path));
        Assert.StartsWith("'image' is required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("environment:\n      - TOKEN", 5, 9, "services.web.environment[0]")]
    [InlineData("environment:\n      TOKEN:", 5, 7, "services.web.environment.TOKEN")]
    public void Parse_EnvironmentKeyWithoutValue_ExplainsStackVariables(string environment, int line, int column, string path)
    {
        var error = SingleError($"services:\n  web:\n    image: app\n    {environment}\n");

        Assert.Equal((line, column, path), (error.Line, error.Column, error.Path));
        Assert.Equal("'TOKEN' has no value; WindFlow has no shell environment to take it from: give it a value here, or use a stack variable", error.Message);
    }

    [Theory]
    [InlineData("- ./data:/data", 5)]
    [InlineData("- type: bind\n        source: ./data\n        target: /data", 6)]
    public void Parse_RelativeBindSource_ExplainsThereIsNoProjectDirectory(string volume, int line)
    {
        var error = SingleError($"services:\n  web:\n    image: app\n    volumes:\n      {volume}\n");

        Assert.Equal(line, error.Line);
        Assert.Equal("'./data' is a relative path, but a deployment has no project directory on the target; use an absolute host path or a named volume", error.Message);
    }

    [Theory]
    [InlineData("ports: [abc]", 4, 13, "'abc' is not a port")]
    [InlineData("ports: [\"8000-8002:80-81\"]", 4, 13, "a container port range needs a host port range of the same length")]
    [InlineData("ports: [\"80/icmp\"]", 4, 13, "'icmp' is not a port protocol")]
    [InlineData("ports:\n      http: 80", 5, 7, "expected a list, found a mapping")]
    [InlineData("ports:\n      - target: 70000", 5, 17, "expected a whole number from 1 to 65535, found '70000'")]
    [InlineData("ports:\n      - published: 80", 5, 9, "a port in long syntax needs 'target'")]
    [InlineData("restart: sometimes", 4, 14, "'sometimes' is not a restart policy")]
    [InlineData("restart: on-failure:0", 4, 14, "'on-failure:0' is not a restart policy")]
    [InlineData("privileged: maybe", 4, 17, "expected true or false, found 'maybe'")]
    [InlineData("stop_grace_period: 10", 4, 24, "expected a duration such as 10s")]
    [InlineData("mem_limit: lots", 4, 16, "expected a size such as 512m")]
    [InlineData("cpus: -1", 4, 11, "expected a positive number")]
    [InlineData("cap_add: NET_ADMIN", 4, 14, "expected a list, found 'NET_ADMIN'")]
    [InlineData("user: [a, b]", 4, 11, "expected a single value, found a list")]
    [InlineData("pull_policy: build", 4, 18, "pull_policy 'build' is not supported")]
    [InlineData("pull_policy: daily", 4, 18, "'daily' is not valid here; use one of: always, never, missing, if_not_present")]
    [InlineData("entrypoint: sh -c 'echo", 4, 17, "a quote is not closed")]
    [InlineData("healthcheck:\n      test: [\"RUN\", \"true\"]", 5, 13, "a healthcheck test list starts with CMD, CMD-SHELL or NONE")]
    [InlineData("volumes: [\"data\"]", 4, 15, "'data' is not an absolute container path")]
    [InlineData("volumes: [\"/a:/b:z\"]", 4, 15, "'z' is not a supported volume mode")]
    [InlineData("volumes:\n      - type: tmpfs\n        target: /t\n        source: x", 7, 17, "a tmpfs mount has no source")]
    [InlineData("ulimits:\n      nofile:\n        soft: 1", 6, 9, "a ulimit given as a mapping needs both soft and hard")]
    [InlineData("logging:\n      driver: local\n      format: x", 6, 7, "'format' is not a supported logging key")]
    [InlineData("networks:\n      default:\n        priority: 1", 6, 9, "'priority' is not a supported service network key")]
    public void Parse_InvalidServiceValue_ReportsValueLocation(string yaml, int line, int column, string message)
    {
        var error = SingleError($"services:\n  web:\n    image: app\n    {yaml}\n");

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownDependsOnCondition_ReportsValue()
    {
        var error = SingleError("""
            services:
              db:
                image: postgres
              web:
                image: app
                depends_on:
                  db:
                    condition: service_ready
            """);

        Assert.Equal((8, 20, "services.web.depends_on.db.condition"), (error.Line, error.Column, error.Path));
        Assert.StartsWith("'service_ready' is not valid here", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DependsOnUnknownService_ReportsEntry()
    {
        var error = SingleError("""
            services:
              web:
                image: app
                depends_on: [db]
            """);

        Assert.Equal("line 4, column 18: services.web.depends_on: 'db' is not a service of this file", error.ToString());
    }

    [Fact]
    public void Parse_DependsOnCycle_NamesServicesInCycle()
    {
        var error = SingleError("""
            services:
              a:
                image: app
                depends_on: [b]
              b:
                image: app
                depends_on: [c]
              c:
                image: app
                depends_on: [a]
              d:
                image: app
                depends_on: [a]
            """);

        Assert.Equal((4, 18, "services.a.depends_on"), (error.Line, error.Column, error.Path));
        Assert.StartsWith("services a, b, c depend on each other in a cycle (a -> b -> c -> a)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UndeclaredNetworkAndVolume_AreReported()
    {
        var result = ComposeParser.Parse("""
            services:
              web:
                image: app
                networks: [default, front]
                volumes: ["data:/data"]
            """);

        Assert.Equal(
            [
                "line 4, column 25: services.web.networks: network 'front' is not declared under the top-level 'networks'",
                "line 5, column 15: services.web.volumes: volume 'data' is not declared under the top-level 'volumes'",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_ContainerNameWithReplicas_IsReported()
    {
        var error = SingleError("""
            services:
              web:
                image: app
                container_name: web
                deploy:
                  replicas: 2
            """);

        Assert.Equal((4, 5, "services.web.container_name"), (error.Line, error.Column, error.Path));
        Assert.Contains("cannot be used with deploy.replicas 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NetworkModeWithNetworks_IsReported()
    {
        var error = SingleError("""
            services:
              web:
                image: app
                network_mode: host
                networks: [default]
            """);

        Assert.Equal((4, 5, "services.web.network_mode"), (error.Line, error.Column, error.Path));
        Assert.Equal("network_mode and networks cannot be used together; keep one of them", error.Message);
    }

    [Fact]
    public void Parse_InvalidServiceName_IsReported()
    {
        var error = SingleError("""
            services:
              "web app":
                image: app
            """);

        Assert.Equal((2, 3, "services.web app"), (error.Line, error.Column, error.Path));
        Assert.StartsWith("'web app' is not a valid service name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidYaml_ReportsParserPosition()
    {
        var error = SingleError("""
            services:
              web:
                image: "app
            """);

        Assert.Equal("", error.Path);
        Assert.True(error.Line >= 3, error.ToString());
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadIndentation_ReportsParserLineAndColumn()
    {
        var error = SingleError("services:\n  web:\n    image: app\n   user: x\n");

        Assert.Equal(4, error.Line);
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Parse_EmptyFile_AsksForServices(string yaml)
    {
        var error = SingleError(yaml);

        Assert.Equal("line 1, column 1: the file is empty: a compose file needs a 'services' section", error.ToString());
    }

    [Theory]
    [InlineData("name: x\n", "a 'services' section is required")]
    [InlineData("services: {}\n", "'services' must list at least one service")]
    [InlineData("services:\n", "'services' must list at least one service")]
    [InlineData("- web\n", "expected a mapping (key: value lines), found a list")]
    public void Parse_NoServices_IsReported(string yaml, string message)
    {
        Assert.Equal(message, SingleError(yaml).Message);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsAllInFileOrder()
    {
        var result = ComposeParser.Parse("""
            services:
              web:
                image: app
                foo: 1
                ports: [abc]
              db:
                bar: 2
            networks:
              n:
                scope: local
            """);

        Assert.Null(result.Project);
        Assert.Equal(
            [(4, 5), (5, 13), (6, 3), (7, 5), (10, 5)],
            result.Errors.Select(e => (e.Line, e.Column)));
    }

    [Fact]
    public void Parse_BadProjectName_IsReported()
    {
        var error = SingleError("name: My Shop\nservices:\n  web:\n    image: app\n");

        Assert.Equal((1, 7, "name"), (error.Line, error.Column, error.Path));
    }

    [Fact]
    public void Parse_DuplicateKey_IsReportedNotThrown()
    {
        var error = SingleError("services:\n  web:\n    image: a\n    image: b\n");

        Assert.Equal(4, error.Line);
        Assert.Contains("image", error.Message, StringComparison.Ordinal);
    }
}
