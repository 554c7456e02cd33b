using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using WindFlow.Core.Workflows.Expressions;
using static WindFlow.Core.Workflows.BuiltInNodeTypes;

namespace WindFlow.Core.Workflows.Engine;

/// <summary>How the engine treats one node: timeout, retries with back-off, continue-on-fail.</summary>
internal sealed record NodePolicy(TimeSpan Timeout, int Retries, TimeSpan RetryDelay, bool ContinueOnFail)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);

    /// <summary>Reads the policy from settings; numbers may also be given as text (from a placeholder).</summary>
    public static NodePolicy Read(JsonObject config) => new(
        TimeSpan.FromSeconds(Number(config[EngineSettings.TimeoutSeconds]) is > 0 and var t ? t : DefaultTimeout.TotalSeconds),
        (int)Math.Clamp(Number(config[EngineSettings.Retries]) ?? 0, 0, 10),
        TimeSpan.FromSeconds(Math.Max(0, Number(config[EngineSettings.RetryDelaySeconds]) ?? 1)),
        Flag(config[EngineSettings.ContinueOnFail]));

    /// <summary>The wait before retry number <paramref name="retry"/> (0 for the first): the delay doubled each time.</summary>
    public TimeSpan BackOff(int retry) => RetryDelay * Math.Pow(2, retry);

    public static double? Number(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.Number => JsonNumber.ToDouble(value),
        JsonValueKind.String when double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    public static bool Flag(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.String => bool.TryParse(value.GetValue<string>(), out var b) && b,
        _ => false,
    };
}
