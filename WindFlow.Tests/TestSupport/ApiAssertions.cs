using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace WindFlow.Tests.TestSupport;

/// <summary>Small helpers for JSON API tests.</summary>
public static class ApiAssertions
{
    /// <summary>Sends JSON with <paramref name="method"/> and returns the response.</summary>
    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body = null) =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) });

    /// <summary>Asserts the status code (showing the body when it differs) and parses the body.</summary>
    public static async Task<JsonElement> AssertJsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts an RFC 7807 problem with <paramref name="status"/> and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await AssertJsonAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}
