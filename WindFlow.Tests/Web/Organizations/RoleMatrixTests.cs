using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WindFlow.Core.Organizations;
using WindFlow.Web.Api;
using Xunit.Abstractions;

namespace WindFlow.Tests.Web.Organizations;

/// <summary>
/// Every <c>/api</c> endpoint, read from the app's endpoint data source, called as every role:
/// the answer must be what <see cref="PermissionTable"/> predicts for the permission the endpoint
/// declares. Anonymous callers get 401; a role below the table's minimum gets 403; a role at or
/// above it gets anything but 401/403; an admin of another organisation asking for organisation A's
/// resources by id gets 404 (other tenants' ids are answered as missing). An endpoint that declares
/// nothing fails the test.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class RoleMatrixTests(OrganizationFixture fixture, ITestOutputHelper output) : IClassFixture<OrganizationFixture>
{
    private enum Caller
    {
        Anonymous,
        Viewer,
        Operator,
        Admin,
        OtherOrganizationAdmin,
        SuperAdmin,
    }

    private sealed record ApiEndpoint(string Method, string Pattern, PermissionMetadata? Permission, bool SignedIn, bool Anonymous);

    [Fact]
    public void Endpoints_EveryApiEndpoint_DeclaresItsPermission()
    {
        var undeclared = ApiEndpoints().Where(e => e.Permission is null && !e.SignedIn && !e.Anonymous).Select(e => $"{e.Method} {e.Pattern}").ToList();

        Assert.True(undeclared.Count == 0, "Endpoints without RequiresPermission/RequiresSignedIn/AllowAnonymous:\n" + string.Join("\n", undeclared));
        Assert.True(ApiEndpoints().Count(e => e.Permission is not null) >= 60, "Fewer guarded endpoints than expected: is the data source read?");
    }

    [Fact]
    public async Task Endpoints_EveryRole_AnswersAsThePermissionTablePredicts()
    {
        var clients = new Dictionary<Caller, HttpClient>
        {
            [Caller.Anonymous] = fixture.App.CreateClient(),
            [Caller.Viewer] = await fixture.ClientAsync("viewer-a"),
            [Caller.Operator] = await fixture.ClientAsync("operator-a"),
            [Caller.Admin] = await fixture.ClientAsync("admin-a"),
            [Caller.OtherOrganizationAdmin] = await fixture.ClientAsync("admin-b"),
            [Caller.SuperAdmin] = fixture.SuperAdmin,
        };
        var failures = new List<string>();
        var calls = 0;
        // Deleting endpoints last, and each on fresh resources, so nothing the others need disappears.
        foreach (var endpoint in ApiEndpoints().Where(e => !e.Anonymous).OrderBy(e => e.Method == "DELETE").ThenBy(e => e.Pattern, StringComparer.Ordinal))
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var url = await UrlAsync(endpoint);
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url);
                if (endpoint.Method is "POST" or "PUT")
                {
                    // Ids of organisation A's resources, so that a service can find what it must check.
                    request.Content = new StringContent($$"""{"targetId":"{{fixture.TargetA}}","stackId":"{{fixture.StackA}}","name":"m{{calls}}"}""", Encoding.UTF8, "application/json");
                }

                using var response = await clients[caller].SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                calls++;
                var status = (int)response.StatusCode;
                var expected = Expect(endpoint, caller);
                var ok = expected switch
                {
                    401 or 403 or 404 => status == expected,
                    _ => status is not (401 or 403) && status < 500 || status == 502,
                };
                if (!ok)
                {
                    failures.Add($"{caller,-22} {endpoint.Method,-6} {url}: got {status}, expected {(expected == 0 ? "neither 401 nor 403" : expected)} ({Describe(endpoint)})");
                }
            }
        }

        var endpoints = ApiEndpoints().ToList();
        // Also on the output: CI logs keep a test's output but may cut a long assertion message.
        failures.ForEach(output.WriteLine);
        output.WriteLine($"Role matrix: {endpoints.Count} /api endpoints ({endpoints.Count(e => e.Anonymous)} anonymous by design), {calls} calls as {Enum.GetValues<Caller>().Length} callers.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls disagree with the permission table:\n" + string.Join("\n", failures));
    }

    // 0 means "allowed": anything but 401 and 403 (and no server error).
    private static int Expect(ApiEndpoint endpoint, Caller caller)
    {
        if (caller == Caller.Anonymous)
        {
            return 401;
        }

        if (caller == Caller.SuperAdmin || endpoint.SignedIn)
        {
            return 0;
        }

        var permission = endpoint.Permission!;
        if (caller == Caller.OtherOrganizationAdmin)
        {
            // Organisation A's resources addressed by id are somebody else's: answered as missing.
            return ScopedById().IsMatch(endpoint.Pattern) ? 404 : PermissionTable.Allows(permission.Resource, permission.Action, false, OrganizationRole.Admin) ? 0 : 403;
        }

        var role = caller switch
        {
            Caller.Viewer => OrganizationRole.Viewer,
            Caller.Operator => OrganizationRole.Operator,
            _ => OrganizationRole.Admin,
        };
        return PermissionTable.Allows(permission.Resource, permission.Action, false, role) ? 0 : 403;
    }

    private async Task<string> UrlAsync(ApiEndpoint endpoint)
    {
        var id = endpoint.Pattern switch
        {
            var p when p.StartsWith("/api/v1/targets/", StringComparison.Ordinal) =>
                endpoint.Method == "DELETE" && p == "/api/v1/targets/{id:guid}" ? await fixture.CreateTargetAsync(fixture.OrganizationA) : fixture.TargetA,
            var p when p.StartsWith("/api/v1/stacks/", StringComparison.Ordinal) =>
                endpoint.Method == "DELETE" ? await fixture.CreateStackAsync(fixture.OrganizationA) : fixture.StackA,
            var p when p.StartsWith("/api/v1/deployments/", StringComparison.Ordinal) => fixture.DeploymentA,
            var p when p.StartsWith("/api/v1/runs/", StringComparison.Ordinal) => fixture.RunA,
            var p when p.StartsWith("/api/v1/workflows/", StringComparison.Ordinal) =>
                endpoint.Method == "DELETE" ? await fixture.CreateWorkflowAsync(fixture.OrganizationA) : fixture.WorkflowA,
            var p when p.StartsWith("/api/v1/workflow-runs/", StringComparison.Ordinal) => fixture.WorkflowRunA,
            // The caller's own keys: an unknown id is enough to see the role check (404 past it).
            var p when p.StartsWith("/api/v1/auth/api-keys/", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
            var p when p.StartsWith("/api/v1/organizations/", StringComparison.Ordinal) => fixture.OrganizationA,
            // An unknown rule: super admins get past the check to a 404, everyone else is refused first.
            var p when p.StartsWith("/api/v1/settings/role-mappings/", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
            var p when p.StartsWith("/api/v1/users/", StringComparison.Ordinal) => await fixture.CreateMemberAsync(TargetApiTests.UniqueName("u"), null, "viewer"),
            _ => "",
        };
        var userId = endpoint.Pattern.Contains("{userId}", StringComparison.Ordinal)
            ? await fixture.CreateMemberAsync(TargetApiTests.UniqueName("m"), fixture.OrganizationA, "viewer")
            : "";
        var path = RouteParameter().Replace(endpoint.Pattern, m => m.Groups[1].Value switch
        {
            "id" => id,
            "userId" => userId,
            "version" => "1",
            "action" => "start",
            // An unknown environment: the role check comes first, a permitted caller then gets 404.
            "environmentId" => Guid.NewGuid().ToString(),
            var name => "x" + name.ToLowerInvariant(),
        });
        return path;
    }

    private IReadOnlyList<ApiEndpoint> ApiEndpoints() =>
        fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new ApiEndpoint(
                method,
                e.RoutePattern.RawText!,
                e.Metadata.GetMetadata<PermissionMetadata>(),
                e.Metadata.GetMetadata<SignedInMetadata>() is not null,
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .ToList();

    private static string Describe(ApiEndpoint endpoint) =>
        endpoint.Permission is { } p ? $"{p.Action} {p.Resource}: {p.Level}" : "signed in";

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();

    // Routes that name one of organisation A's resources (or A itself) by id.
    [GeneratedRegex(@"^/api/v1/(targets|stacks|deployments|runs|organizations|workflows|workflow-runs)/\{id")]
    private static partial Regex ScopedById();
}
