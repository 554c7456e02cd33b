namespace WindFlow.Web.Components.Shared;

/// <summary>
/// A problem to show inline in a <see cref="YamlEditor"/>. <paramref name="Line"/> and
/// <paramref name="Column"/> count from 1, as YamlDotNet reports them; positions beyond the text
/// are clamped to it. <paramref name="Severity"/> is <c>error</c>, <c>warning</c>, <c>info</c> or <c>hint</c>.
/// </summary>
public sealed record EditorDiagnostic(int Line, int Column, string Message, string Severity)
{
    public const string Error = "error";
    public const string Warning = "warning";
    public const string Info = "info";
    public const string Hint = "hint";
}
