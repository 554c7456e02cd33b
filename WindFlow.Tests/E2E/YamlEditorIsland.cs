using Microsoft.Playwright;

namespace WindFlow.Tests.E2E;

/// <summary>
/// Drives the YAML editor script (window.windflowYaml) directly on a signed-in app page, with a
/// fake .NET reference that records the debounced change callbacks, so the browser side is
/// tested before any page hosts the Blazor component.
/// </summary>
public sealed class YamlEditorIsland(IPage page)
{
    private int _handle;

    public ILocator Host => page.Locator("#yaml-editor-test");

    public ILocator DiffHost => page.Locator("#yaml-diff-test");

    public ILocator Lines => Host.Locator(".cm-content .cm-line");

    public Task<bool> IsLoadedAsync() => page.EvaluateAsync<bool>("() => typeof window.windflowYaml?.create === 'function'");

    public async Task CreateAsync(string text)
    {
        _handle = await page.EvaluateAsync<int>(
            """
            text => {
              window.yamlChanges = [];
              window.yamlKeyTimes = [];
              const host = document.createElement('div');
              host.id = 'yaml-editor-test';
              // Bottom left, clear of the header's theme toggle.
              host.style.cssText = 'position:fixed;bottom:0;left:0;width:600px;height:260px;z-index:100000';
              host.addEventListener('keydown', () => window.yamlKeyTimes.push(performance.now()), true);
              document.body.appendChild(host);
              const dotNetRef = {
                invokeMethodAsync: (method, value) => { window.yamlChanges.push({ method, value }); return Promise.resolve(); },
              };
              return window.windflowYaml.create(host, dotNetRef, text, { readOnly: false, placeholder: '' });
            }
            """,
            text);
        await Host.Locator(".cm-editor").WaitForAsync();
    }

    public Task<string> TextAsync() => page.EvaluateAsync<string>("h => window.windflowYaml.getText(h)", _handle);

    public Task<string[]> ChangesAsync() =>
        page.EvaluateAsync<string[]>("() => window.yamlChanges.map(c => c.method + ':' + c.value)");

    /// <summary>Pauses between the keys typed so far that were long enough for the debounce to fire.</summary>
    public Task<int> LongKeyPausesAsync(int milliseconds) =>
        page.EvaluateAsync<int>(
            "ms => window.yamlKeyTimes.slice(1).filter((t, i) => t - window.yamlKeyTimes[i] >= ms).length", milliseconds);

    public Task SetDiagnosticsAsync(object[] diagnostics) =>
        page.EvaluateAsync("([h, d]) => window.windflowYaml.setDiagnostics(h, d)", new object[] { _handle, diagnostics });

    /// <summary>setText, then a blur at once: a pending echo would be flushed by the blur and show up.</summary>
    public Task<int> SetTextThenBlurAsync(string text) =>
        page.EvaluateAsync<int>(
            "([h, t]) => { window.windflowYaml.setText(h, t); document.activeElement?.blur(); return window.yamlChanges.length; }",
            new object[] { _handle, text });

    public async Task<int> CreateDiffAsync(string left, string right)
    {
        var handle = await page.EvaluateAsync<int>(
            """
            ([left, right]) => {
              const host = document.createElement('div');
              host.id = 'yaml-diff-test';
              host.style.cssText = 'position:fixed;bottom:0;right:0;width:600px;height:260px;overflow:auto;z-index:100000';
              document.body.appendChild(host);
              return window.windflowYaml.createDiff(host, left, right);
            }
            """,
            new object[] { left, right });
        await DiffHost.Locator(".cm-mergeView").WaitForAsync();
        return handle;
    }

    public Task DisposeDiffAsync(int handle) => page.EvaluateAsync("h => window.windflowYaml.disposeDiff(h)", handle);

    public Task DisposeAsync() => page.EvaluateAsync("h => window.windflowYaml.dispose(h)", _handle);
}
