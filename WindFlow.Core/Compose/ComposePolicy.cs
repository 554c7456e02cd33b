namespace WindFlow.Core.Compose;

/// <summary>Checks a parsed project against an organisation's <see cref="ComposePolicyOptions"/>.</summary>
public static class ComposePolicy
{
    private static readonly string[] DockerSockets = ["/var/run/docker.sock", "/run/docker.sock"];

    private const string AdminHint = "blocked by the organisation's policy; an organisation admin can allow it";

    /// <summary>Every breach of the policy, at the line of the offending key or mount.</summary>
    public static IReadOnlyList<ComposeError> Check(ComposeProject project, ComposePolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ComposeError>();
        foreach (var service in project.Services.Values)
        {
            var path = $"services.{service.Name}";
            if (service.Privileged && !options.AllowPrivileged)
            {
                errors.Add(new ComposeError(service.LocationOf("privileged"), $"{path}.privileged", $"privileged mode is {AdminHint}"));
            }

            if (service.Pid == "host" && !options.AllowHostPid)
            {
                errors.Add(new ComposeError(service.LocationOf("pid"), $"{path}.pid", $"the host PID namespace (pid: host) is {AdminHint}"));
            }

            if (service.Ipc == "host" && !options.AllowHostIpc)
            {
                errors.Add(new ComposeError(service.LocationOf("ipc"), $"{path}.ipc", $"the host IPC namespace (ipc: host) is {AdminHint}"));
            }

            if (service.NetworkMode == "host" && !options.AllowHostNetwork)
            {
                errors.Add(new ComposeError(service.LocationOf("network_mode"), $"{path}.network_mode", $"the host network (network_mode: host) is {AdminHint}"));
            }

            foreach (var mount in service.Volumes.Where(m => m.Type == "bind" && m.Source is not null))
            {
                if (CheckBind(mount.Source!, options) is { } problem)
                {
                    errors.Add(new ComposeError(mount.Location, $"{path}.volumes", problem));
                }
            }
        }

        return errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
    }

    private static string? CheckBind(string source, ComposePolicyOptions options)
    {
        var normalized = NormalizePath(source);
        var exposesSocket = DockerSockets.Any(socket => IsUnder(socket, normalized));
        if (exposesSocket)
        {
            return options.AllowDockerSocket ? null : $"binding '{source}' exposes the Docker socket, which gives root on the host: it is {AdminHint}";
        }

        if (options.AllowedHostPathBase is not { } configuredBase)
        {
            return $"bind mounts of host paths ('{source}') are {AdminHint}, or use a named volume instead";
        }

        var basePath = NormalizePath(configuredBase);
        if (IsUnder(normalized, basePath))
        {
            return null;
        }

        var shown = normalized == source ? $"'{source}'" : $"'{source}' (which is {normalized})";
        return $"the host path {shown} is outside {basePath}, the only host directory bind mounts may use: it is {AdminHint}";
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="directory"/> or inside it (both normalised).</summary>
    private static bool IsUnder(string path, string directory) =>
        directory == "/" || path == directory || path.StartsWith(directory + "/", StringComparison.Ordinal);

    /// <summary>Resolves '.', '..' and repeated slashes without touching the disk; '..' cannot climb above '/'.</summary>
    internal static string NormalizePath(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts);
    }
}
