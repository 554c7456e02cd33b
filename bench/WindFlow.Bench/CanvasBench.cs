using System.Globalization;
using Microsoft.Playwright;

namespace WindFlow.Bench;

/// <summary>
/// The workflow canvas island (wwwroot-assets/src/workflow-editor.js) alone in Chromium: a graph of
/// N nodes in a 20-wide grid chained by edges, then one node dragged with the real mouse while a
/// requestAnimationFrame loop records every frame's delta. Drags never reach the server (the island
/// reports positions at drop), so the page needs no WindFlow server: a stub stands in for .NET.
/// </summary>
internal static class CanvasBench
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private const string Setup = """
        (n) => {
          document.body.style.margin = '0';
          const host = document.createElement('div');
          host.style.cssText = 'width:1400px;height:900px';
          document.body.appendChild(host);
          const calls = [];
          const dotNet = { invokeMethodAsync: (name, arg) => { calls.push(name); return Promise.resolve(); } };
          const types = [
            { type: 'trigger.manual', category: 'Trigger', label: 'Manual', inputs: [], outputs: ['out'] },
            { type: 'action.delay', category: 'Action', label: 'Delay', inputs: ['in'], outputs: ['out'] },
          ];
          const handle = window.windflowWorkflow.create(host, dotNet, { types });
          const nodes = [], edges = [];
          for (let i = 0; i < n; i++) {
            nodes.push({ id: 'n' + i, type: i === 0 ? 'trigger.manual' : 'action.delay', label: 'Node ' + i, x: 40 + (i % 20) * 220, y: 40 + Math.floor(i / 20) * 100 });
            if (i > 0) edges.push({ from: 'n' + (i - 1), fromPort: null, to: 'n' + i, toPort: null });
          }
          window.windflowWorkflow.load(handle, { nodes, edges });
          window.__wfCalls = calls;
          window.__wfFrames = [];
          window.__wfRecording = false;
          let last = 0;
          const tick = (t) => { if (window.__wfRecording && last) window.__wfFrames.push(t - last); last = t; requestAnimationFrame(tick); };
          requestAnimationFrame(tick);
          return document.querySelectorAll('g.x6-node').length;
        }
        """;

    public static async Task<int> RunAsync(string bundlePath, int nodes, int steps)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await page.SetContentAsync("<!doctype html><html><body></body></html>");
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = bundlePath });
        await page.EvaluateAsync<int>(Setup, nodes);
        // x6 renders views in animation frames after the load returns.
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('g.x6-node').length >= {nodes.ToString(CultureInfo.InvariantCulture)}");
        var drawn = await page.Locator("g.x6-node").CountAsync();
        Result.Progress($"{drawn} nodes drawn");

        // The load zooms to fit; drag the first node's body wherever it ended up.
        var box = await page.Locator("g.x6-node[data-cell-id='n0'] rect").First.BoundingBoxAsync()
            ?? throw new InvalidOperationException("node n0 is not drawn");
        float x = box.X + (box.Width / 2), y = box.Y + (box.Height / 2);
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        await page.EvaluateAsync("() => { window.__wfRecording = true; }");
        // One small move per frame-ish step, as a hand does: 8 px right and 3 px down each time.
        for (var i = 0; i < steps; i++)
        {
            await page.Mouse.MoveAsync(x + (i * 8 % 600), y + (i * 3 % 300));
        }

        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        await page.Mouse.UpAsync();
        var frames = await page.EvaluateAsync<double[]>("() => { window.__wfRecording = false; return window.__wfFrames; }");
        await page.WaitForTimeoutAsync(200);
        var calls = await page.EvaluateAsync<string[]>("() => window.__wfCalls");
        var after = await page.Locator("g.x6-node[data-cell-id='n0'] rect").First.BoundingBoxAsync();
        // A drag that moved nothing measured nothing: fail rather than print idle-page figures.
        var moved = after is null ? 0 : Math.Abs(after.X - box.X) + Math.Abs(after.Y - box.Y);
        Result.Write("dragged_node_moved_px", moved);
        if (moved < 10)
        {
            Result.Progress("the dragged node did not move");
            return 1;
        }

        if (frames.Length == 0)
        {
            Result.Progress("no frame was recorded while dragging");
            return 1;
        }

        var sorted = frames.Order().ToList();
        Result.Write("nodes", drawn.ToString(CultureInfo.InvariantCulture));
        Result.Write("frames", frames.Length.ToString(CultureInfo.InvariantCulture));
        Result.Write("frame_p50_ms", Stats.Percentile(sorted, 50));
        Result.Write("frame_p95_ms", Stats.Percentile(sorted, 95));
        Result.Write("frame_max_ms", sorted[^1]);
        // What crossed to .NET during and right after the drag: one batched edit call at drop, no per-frame traffic.
        Result.Write("interop_calls", calls.Length.ToString(CultureInfo.InvariantCulture));
        return 0;
    }
}
