using WindFlow.Bench;

// Each mode prints its figures as `RESULT key=value` lines on stdout (bench/docker.sh reads those)
// and its progress on stderr. Exit code 2 means bad arguments; 1 means the measurement failed.
const string Usage = """
    usage:
      WindFlow.Bench client-overhead SOCKET N
      WindFlow.Bench browser-list BASE_URL USER PASSWORD EXPECTED_COUNT RUNS TIMEOUT_SECONDS
      WindFlow.Bench browser-logs BASE_URL USER PASSWORD TARGET_ID CONTAINER_ID SAMPLE_SECONDS TIMEOUT_SECONDS
      WindFlow.Bench canvas BUNDLE_JS NODES DRAG_STEPS
    """;

try
{
    return args switch
    {
        ["client-overhead", var socket, var n] => await ClientOverhead.RunAsync(socket, Args.Int(n)),
        ["browser-list", var baseUrl, var user, var password, var expected, var runs, var timeout] =>
            await BrowserBench.ListAsync(new BrowserLogin(baseUrl, user, password), Args.Int(expected), Args.Int(runs), Args.Int(timeout)),
        ["browser-logs", var baseUrl, var user, var password, var targetId, var containerId, var sample, var timeout] =>
            await BrowserBench.LogsAsync(new BrowserLogin(baseUrl, user, password), targetId, containerId, Args.Int(sample), Args.Int(timeout)),
        ["canvas", var bundle, var nodes, var steps] => await CanvasBench.RunAsync(bundle, Args.Int(nodes), Args.Int(steps)),
        _ => Args.Fail(Usage),
    };
}
catch (FormatException ex)
{
    return Args.Fail(ex.Message + Environment.NewLine + Usage);
}
