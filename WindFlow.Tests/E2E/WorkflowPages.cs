using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace WindFlow.Tests.E2E;

/// <summary>
/// The workflow editor as a person uses it: real mouse drags from the palette and between ports of
/// the x6 canvas (wwwroot-assets/src/workflow-editor.js), whose node views carry <c>data-cell-id</c>.
/// </summary>
public sealed class WorkflowEditorScreen(IPage page)
{
    public ILocator Canvas => page.GetByTestId("workflow-canvas");

    public ILocator Nodes => Canvas.Locator("g.x6-node[data-cell-id]");

    public ILocator Edges => Canvas.Locator("g.x6-edge");

    public ILocator Panel => page.GetByTestId("node-panel");

    public ILocator Problems => page.GetByTestId("workflow-problem");

    public ILocator Node(string id) => Canvas.Locator($"g.x6-node[data-cell-id='{id}']");

    /// <summary>Waits for the island to exist (the canvas marks itself once x6 is set up).</summary>
    public Task WaitReadyAsync() => page.Locator("[data-testid=workflow-canvas][data-ready=true]").WaitForAsync();

    /// <summary>Drags a node type from the palette and drops it at (<paramref name="x"/>, <paramref name="y"/>) inside the canvas.</summary>
    public async Task DragFromPaletteAsync(string type, float x, float y)
    {
        var item = await Box(page.GetByTestId($"palette-{type}"));
        var canvas = await Box(Canvas);
        await page.Mouse.MoveAsync(item.X + (item.Width / 2), item.Y + (item.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(canvas.X + x, canvas.Y + y, new() { Steps = 12 });
        await page.Mouse.UpAsync();
    }

    /// <summary>Draws an edge with the mouse from an output port to an input port.</summary>
    public async Task ConnectAsync(string from, string fromPort, string to, string toPort = "in")
    {
        var source = await Box(Port(from, fromPort));
        var target = await Box(Port(to, toPort));
        await page.Mouse.MoveAsync(source.X + (source.Width / 2), source.Y + (source.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(target.X + (target.Width / 2), target.Y + (target.Height / 2), new() { Steps = 12 });
        await page.Mouse.UpAsync();
    }

    public ILocator Port(string node, string port) => Node(node).Locator($"[port='{port}']").First;

    /// <summary>Moves a node by dragging its body.</summary>
    public async Task MoveAsync(string id, float dx, float dy)
    {
        var box = await Box(Node(id).Locator("rect").First);
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + (box.Width / 2) + dx, box.Y + (box.Height / 2) + dy, new() { Steps = 8 });
        await page.Mouse.UpAsync();
    }

    public Task SelectAsync(string id) => Node(id).Locator("text").First.ClickAsync(new() { Force = true });

    /// <summary>Presses a shortcut with the focus on the page, not on an input.</summary>
    public async Task PressAsync(string keys)
    {
        await page.Locator("body").FocusAsync();
        await page.Keyboard.PressAsync(keys);
    }

    /// <summary>Clicks Export and returns the downloaded document.</summary>
    public async Task<JsonObject> ExportAsync()
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("workflow-export").ClickAsync());
        var path = await download.PathAsync();
        return JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
    }

    private static async Task<LocatorBoundingBoxResult> Box(ILocator locator)
    {
        await locator.WaitForAsync();
        return await locator.BoundingBoxAsync() ?? throw new InvalidOperationException($"{locator} has no box.");
    }
}
