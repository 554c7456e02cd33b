using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace WindFlow.Bench;

/// <summary>Where and as whom the browser signs in.</summary>
internal sealed record BrowserLogin(string BaseUrl, string User, string Password);

/// <summary>
/// What a person sees in Chromium: how long /containers takes to show the list, and how many log
/// lines a second reach the container page's viewer. Both pages rely only on data-testid attributes.
/// </summary>
internal static partial class BrowserBench
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string CountSelector = "[data-testid=\"containers-count\"]";
    private const string RowSelector = "[data-testid=\"container-row\"]";
    private const string LogCountSelector = "[data-testid=\"log-line-count\"]";

    // Installed in every document before its own scripts: a MutationObserver stamps the first moment
    // (performance.now(), i.e. ms since navigation start) at which the count names the expected
    // total and a row exists. Stamping in the page keeps Playwright's polling out of the figure.
    private const string RenderedProbe = """
        (expected) => {
          if (location.pathname !== '/containers') return;
          const numbers = (text) => (text.match(/\d[\d,.\u00a0\u202f ]*\d|\d/g) || []).map(s => Number(s.replace(/\D/g, '')));
          const done = () => {
            const count = document.querySelector('[data-testid="containers-count"]');
            return count !== null && numbers(count.textContent || '').includes(expected)
              && document.querySelector('[data-testid="container-row"]') !== null;
          };
          const observer = new MutationObserver(() => {
            if (window.__wfListRendered === undefined && done()) {
              window.__wfListRendered = performance.now();
              observer.disconnect();
            }
          });
          observer.observe(document, { childList: true, subtree: true, characterData: true });
        }
        """;

    public static async Task<int> ListAsync(BrowserLogin login, int expected, int runs, int timeoutSeconds)
    {
        await using var session = await BrowserSession.StartAsync(login, timeoutSeconds);
        await session.Context.AddInitScriptAsync($"({RenderedProbe})({expected.ToString(CultureInfo.InvariantCulture)})");
        var times = new List<double>(runs);
        for (var run = 1; run <= runs; run++)
        {
            // A new page per run: a full load of /containers (new document, new circuit), as when a
            // person opens the link, not a Blazor in-app navigation from a warm page.
            var page = await session.Context.NewPageAsync();
            var watch = Stopwatch.StartNew();
            await page.GotoAsync("/containers", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            try
            {
                var stamp = await page.WaitForFunctionAsync(
                    "() => window.__wfListRendered", null, new PageWaitForFunctionOptions { PollingInterval = 25, Timeout = timeoutSeconds * 1000 });
                var inPage = await stamp.JsonValueAsync<double>();
                Result.Progress($"run {run}: rendered {inPage:0} ms after navigation start (outside view {watch.ElapsedMilliseconds} ms)");
                times.Add(inPage);
            }
            catch (TimeoutException)
            {
                var count = page.Locator(CountSelector);
                // Absent test id: the page is not built yet. Present but wrong: the page is there and
                // shows something else, which is a finding, not a missing page.
                var present = await count.CountAsync() > 0;
                Result.Progress(present
                    ? $"{CountSelector} says '{(await count.First.TextContentAsync())?.Trim()}' and {await page.Locator(RowSelector).CountAsync()} {RowSelector} after {timeoutSeconds} s, expected {expected}"
                    : $"no {CountSelector} on /containers within {timeoutSeconds} s");
                Result.Write("list_status", "unavailable");
                Result.Write("list_reason", present ? $"list did not show {expected} in {timeoutSeconds} s" : "page not available");
                return 0;
            }
            finally
            {
                await page.CloseAsync();
            }
        }

        Result.Write("list_status", "ok");
        Result.Write("list_runs", string.Join(',', times.Select(t => t.ToString("0", CultureInfo.InvariantCulture))));
        Result.Write("list_min_ms", times.Min(), "0");
        Result.Write("list_median_ms", Stats.Median(times), "0");
        return 0;
    }

    public static async Task<int> LogsAsync(BrowserLogin login, string targetId, string containerId, int sampleSeconds, int timeoutSeconds)
    {
        await using var session = await BrowserSession.StartAsync(login, timeoutSeconds);
        var page = await session.Context.NewPageAsync();
        await page.GotoAsync($"/targets/{targetId}/containers/{containerId}");
        var counter = page.Locator(LogCountSelector);
        long first;
        try
        {
            await counter.WaitForAsync(new LocatorWaitForOptions { Timeout = timeoutSeconds * 1000 });
            // Sample once lines are flowing, so the circuit's start-up is not part of the rate.
            await page.WaitForFunctionAsync(
                "(s) => { const e = document.querySelector(s); return e && /[1-9]/.test(e.textContent || ''); }",
                LogCountSelector, new PageWaitForFunctionOptions { PollingInterval = 100, Timeout = timeoutSeconds * 1000 });
            first = await ReadCountAsync(counter);
        }
        catch (TimeoutException)
        {
            var present = await counter.CountAsync() > 0;
            Result.Progress(present
                ? $"{LogCountSelector} stayed at '{(await counter.First.TextContentAsync())?.Trim()}' for {timeoutSeconds} s"
                : $"no {LogCountSelector} on the container page within {timeoutSeconds} s");
            Result.Write("viewer_status", "unavailable");
            Result.Write("viewer_reason", present ? $"no lines reached the viewer in {timeoutSeconds} s" : "viewer not available");
            return 0;
        }

        var watch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(sampleSeconds));
        var second = await ReadCountAsync(counter);
        var seconds = watch.Elapsed.TotalSeconds;
        Result.Progress($"viewer count {first} -> {second} in {seconds:0.00} s");
        Result.Write("viewer_status", "ok");
        Result.Write("viewer_lines", second - first, "0");
        Result.Write("viewer_seconds", seconds, "0.00");
        Result.Write("viewer_lines_per_s", (second - first) / seconds, "0");
        return 0;
    }

    private static async Task<long> ReadCountAsync(ILocator counter)
    {
        var text = await counter.First.TextContentAsync() ?? "";
        var digits = NonDigits().Replace(FirstNumber().Match(text).Value, "");
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new InvalidOperationException($"{LogCountSelector} text '{text}' holds no number.");
    }

    // Tolerates "12,345 lines" or "12 345": the first run of digits and group separators.
    [GeneratedRegex(@"\d[\d,.\u00a0\u202f ]*\d|\d")]
    private static partial Regex FirstNumber();

    [GeneratedRegex(@"\D")]
    private static partial Regex NonDigits();

    /// <summary>Chromium with a context that is signed in through the /login form.</summary>
    private sealed class BrowserSession : IAsyncDisposable
    {
        private readonly IPlaywright _playwright;
        private readonly IBrowser _browser;

        private BrowserSession(IPlaywright playwright, IBrowser browser, IBrowserContext context)
        {
            _playwright = playwright;
            _browser = browser;
            Context = context;
        }

        public IBrowserContext Context { get; }

        public static async Task<BrowserSession> StartAsync(BrowserLogin login, int timeoutSeconds)
        {
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                ],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = login.BaseUrl });
            context.SetDefaultTimeout(timeoutSeconds * 1000);
            var session = new BrowserSession(playwright, browser, context);
            try
            {
                // The form's fields and button as Login.razor renders them (ids username/password,
                // data-testid login-submit); a successful sign-in leaves /login.
                var page = await context.NewPageAsync();
                await page.GotoAsync("/login");
                await page.Locator("#username").FillAsync(login.User);
                await page.Locator("#password").FillAsync(login.Password);
                await page.Locator("[data-testid=\"login-submit\"]").ClickAsync();
                await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal));
                await page.CloseAsync();
                return session;
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Context.CloseAsync();
            await _browser.CloseAsync();
            _playwright.Dispose();
        }
    }
}
