using System.Globalization;
using WindFlow.Core.Stacks;

namespace WindFlow.Web.Components.Pages.Deployments;

/// <summary>A stack version as the version pickers list it: "v3 (latest) · what changed".</summary>
public sealed record StackVersionChoice(int Number, string Text)
{
    /// <summary>Choices for versions listed newest first; <paramref name="current"/> marks the one a deployment runs.</summary>
    public static List<StackVersionChoice> From(IReadOnlyList<StackVersion> newestFirst, int? current = null) =>
    [
        .. newestFirst.Select((v, i) =>
        {
            var marks = new List<string>();
            if (i == 0)
            {
                marks.Add("latest");
            }

            if (v.Number == current)
            {
                marks.Add("current");
            }

            var label = marks.Count == 0 ? "" : $" ({string.Join(", ", marks)})";
            return new StackVersionChoice(v.Number, string.Create(CultureInfo.InvariantCulture, $"v{v.Number}{label} · {v.ChangeSummary}"));
        }),
    ];
}
