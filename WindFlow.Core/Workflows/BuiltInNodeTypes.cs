using WindFlow.Core.Stacks;

namespace WindFlow.Core.Workflows;

/// <summary>The node types issue #6 lists, with their ports and settings.</summary>
public static class BuiltInNodeTypes
{
    /// <summary>Names of the settings every action and logic node accepts (read by the engine).</summary>
    public static class EngineSettings
    {
        /// <summary>Seconds before an attempt is cancelled (default 300).</summary>
        public const string TimeoutSeconds = "timeoutSeconds";

        /// <summary>How many more attempts after a failure (default 0).</summary>
        public const string Retries = "retries";

        /// <summary>The wait before the first retry, doubled for each further one (default 1).</summary>
        public const string RetryDelaySeconds = "retryDelaySeconds";

        /// <summary>When true a failure is recorded but downstream nodes still run.</summary>
        public const string ContinueOnFail = "continueOnFail";
    }

    /// <summary>Every built-in type, in palette order.</summary>
    public static IReadOnlyList<NodeTypeDescriptor> All { get; } =
    [
        Trigger("trigger.manual", "Manual", ("inputForm", Text("Input form (variables schema JSON)", multiline: true))),
        Trigger("trigger.schedule", "Schedule", ("cron", Text("Cron expression", required: true)), ("timeZone", Text("Time zone"))),
        Trigger("trigger.webhook", "Webhook"),
        Trigger("trigger.deployment", "Deployment event",
            ("stackId", Text("Stack", required: true)),
            ("event", Choice("Event", required: true, "succeeded", "failed"))),
        Action("action.deploy", "Deploy",
            ("deploymentId", Text("Deployment")), ("stackId", Text("Stack")), ("targetId", Text("Target")),
            ("name", Text("Project name")), ("stackVersion", Text("Stack version")), ("values", Text("Values (JSON)", multiline: true))),
        Action("action.rollback", "Roll back", ("deploymentId", Text("Deployment", required: true)), ("revision", Text("Revision"))),
        Action("action.start", "Start", ("deploymentId", Text("Deployment", required: true))),
        Action("action.stop", "Stop", ("deploymentId", Text("Deployment", required: true))),
        Action("action.waitHealthy", "Wait until healthy", ("deploymentId", Text("Deployment", required: true))),
        Action("action.job", "Container job",
            ("targetId", Text("Target", required: true)), ("image", Text("Image", required: true)),
            ("command", Text("Command")), ("env", Text("Environment (JSON)", multiline: true))),
        Action("action.http", "HTTP request",
            ("method", Choice("Method", required: true, "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")),
            ("url", Text("URL", required: true)), ("headers", Text("Headers (JSON)", multiline: true)),
            ("body", Text("Body", multiline: true)), ("expectedStatus", Number("Expected status", integer: true))),
        Action("action.notify", "Notify",
            ("url", Text("Webhook URL", required: true)), ("preset", Choice("Preset", required: false, "generic", "slack", "discord")),
            ("message", Text("Message", required: true, multiline: true))),
        Action("action.approval", "Approval",
            ("message", Text("Message", required: true, multiline: true)), ("approverRole", Choice("Approver role", required: false, "Operator", "Admin")),
            ("timeoutSeconds", Number("Approval timeout (s)", integer: true))),
        Action("action.delay", "Delay", ("seconds", Number("Seconds", integer: false, required: true))),
        Logic("logic.condition", "Condition", [NodePorts.True, NodePorts.False], ("expression", Text("Expression", required: true))) with
        {
            ExpressionSettings = ["expression"],
        },
        Logic("logic.join", "Join", [NodePorts.Out], ("mode", Choice("Wait for", required: false, "all", "any"))),
        Logic("logic.set", "Set variables", [NodePorts.Out], ("values", Text("Variables (JSON object)", required: true, multiline: true))),
    ];

    private static NodeTypeDescriptor Trigger(string type, string label, params (string Name, VariableDefinition Definition)[] settings) =>
        new(type, NodeCategory.Trigger, label, [], [NodePorts.Out], Schema(settings, withEngine: false));

    private static NodeTypeDescriptor Action(string type, string label, params (string Name, VariableDefinition Definition)[] settings) =>
        new(type, NodeCategory.Action, label, [NodePorts.In], [NodePorts.Out], Schema(settings, withEngine: true));

    private static NodeTypeDescriptor Logic(string type, string label, IReadOnlyList<string> outputs, params (string Name, VariableDefinition Definition)[] settings) =>
        new(type, NodeCategory.Logic, label, [NodePorts.In], outputs, Schema(settings, withEngine: true));

    private static VariableSchema Schema((string Name, VariableDefinition Definition)[] settings, bool withEngine)
    {
        var entries = settings.Select(s => KeyValuePair.Create(s.Name, s.Definition)).ToList();
        if (withEngine)
        {
            // An approval has its own timeout meaning (how long to wait for a person).
            if (entries.All(e => e.Key != EngineSettings.TimeoutSeconds))
            {
                entries.Add(KeyValuePair.Create(EngineSettings.TimeoutSeconds, Number("Timeout (s)", integer: true) with { Default = 300L, Min = 1 }));
            }

            entries.Add(KeyValuePair.Create(EngineSettings.Retries, Number("Retries", integer: true) with { Default = 0L, Min = 0, Max = 10 }));
            entries.Add(KeyValuePair.Create(EngineSettings.RetryDelaySeconds, Number("Retry delay (s)", integer: false) with { Default = 1.0, Min = 0 }));
            entries.Add(KeyValuePair.Create(EngineSettings.ContinueOnFail, new VariableDefinition(VariableType.Boolean) { Label = "Continue on failure", Default = false }));
        }

        return new VariableSchema(entries);
    }

    private static VariableDefinition Text(string label, bool required = false, bool multiline = false) =>
        new(multiline ? VariableType.Textarea : VariableType.String) { Label = label, Required = required };

    private static VariableDefinition Number(string label, bool integer, bool required = false) =>
        new(integer ? VariableType.Integer : VariableType.Number) { Label = label, Required = required };

    private static VariableDefinition Choice(string label, bool required, params string[] options) =>
        new(VariableType.Select) { Label = label, Required = required, Options = options };
}
