using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using WindFlow.Core.ApiKeys;
using WindFlow.Core.Auditing;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;
using WindFlow.Web.Auth;

namespace WindFlow.Web.Api;

/// <summary><c>/api/v1/audit</c> (who did what) and <c>/api/v1/auth/api-keys</c> (keys for scripts).</summary>
internal static class AuditEndpoints
{
    public sealed record AuditEventResponse(
        long Id, DateTimeOffset Time, string? UserId, string UserName, Guid? OrganizationId, string Action,
        string ResourceType, string? ResourceId, string? IpAddress, string Outcome, string? Details);

    public sealed record AuditPageResponse(IReadOnlyList<AuditEventResponse> Items, int Total, int Page, int PageSize);

    public sealed record ApiKeyCreateRequest(string? Name, DateTimeOffset? ExpiresAt, bool ReadOnly);

    /// <summary>A key as listed: never its value or hash.</summary>
    public sealed record ApiKeyResponse(
        Guid Id, string Name, string Prefix, bool ReadOnly, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    /// <summary>The answer to a create: <see cref="Key"/> is shown this once.</summary>
    public sealed record ApiKeyCreatedResponse(
        Guid Id, string Name, string Prefix, bool ReadOnly, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string Key);

    // Rows per CSV export; a larger export is asked for in several date ranges.
    private const int CsvMaxRows = 100_000;

    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization();
        audit.MapGet("", QueryAsync).RequiresPermission(Resource.Audit, ActionClass.Read)
            .WithSummary("Audit events, newest first. Filters: user (name or id), action (exact or a prefix such as stack.*), resource (id or type), since, until; page, pageSize (max 500).");
        api.MapGet("/audit.csv", CsvAsync).WithTags("Audit").RequiresPermission(Resource.Audit, ActionClass.Read)
            .WithSummary("The same filters as GET /audit, as a CSV file (up to 100000 rows).");

        var keys = api.MapGroup("/auth/api-keys").WithTags("Auth").RequireAuthorization();
        keys.MapGet("", ListKeysAsync).RequiresSignedIn().WithSummary("Your API keys (never their values).");
        keys.MapPost("", CreateKeyAsync).RequiresSignedIn()
            .WithSummary("Create an API key {name, expiresAt?, readOnly}; the key is in the answer this once. Send it as X-API-Key or Authorization: Bearer.");
        keys.MapDelete("/{id:guid}", RevokeKeyAsync).RequiresSignedIn().WithSummary("Revoke one of your API keys.");
        return api;
    }

    private static async Task<Results<Ok<AuditPageResponse>, ValidationProblem>> QueryAsync(
        string? user, string? action, string? resource, string? since, string? until, int? page, int? pageSize, AuditReader log, CancellationToken cancellationToken)
    {
        var query = Parse(user, action, resource, since, until, page ?? 1, pageSize ?? 50, out var errors);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await log.QueryAsync(query, cancellationToken);
        return TypedResults.Ok(new AuditPageResponse([.. result.Items.Select(ToResponse)], result.Total, result.Page, result.PageSize));
    }

    private static async Task<IResult> CsvAsync(
        string? user, string? action, string? resource, string? since, string? until, AuditReader log, CancellationToken cancellationToken)
    {
        var query = Parse(user, action, resource, since, until, 1, AuditQuery.MaxPageSize, out var errors);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var csv = new StringBuilder("id,time,userId,userName,organizationId,action,resourceType,resourceId,ipAddress,outcome,details\r\n");
        for (var rows = 0; rows < CsvMaxRows; query = query with { Page = query.Page + 1 })
        {
            var result = await log.QueryAsync(query, cancellationToken);
            foreach (var e in result.Items)
            {
                csv.AppendJoin(',', [
                    e.Id.ToString(CultureInfo.InvariantCulture), e.Time.ToString("O", CultureInfo.InvariantCulture), Csv(e.UserId), Csv(e.UserName),
                    e.OrganizationId?.ToString() ?? "", Csv(e.Action), Csv(e.ResourceType), Csv(e.ResourceId), Csv(e.IpAddress), e.Outcome.ToString(), Csv(e.Details)]);
                csv.Append("\r\n");
            }

            rows += result.Items.Count;
            if (result.Items.Count < query.PageSize)
            {
                break;
            }
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "windflow-audit.csv");
    }

    /// <summary>
    /// RFC 4180 quoting, plus a leading apostrophe for text a spreadsheet would run as a formula
    /// (a user name such as <c>=HYPERLINK(...)</c> typed at a failed sign-in).
    /// </summary>
    internal static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || value.StartsWith('\'')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    private static AuditQuery? Parse(
        string? user, string? action, string? resource, string? since, string? until, int page, int pageSize, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var from = ParseTime(since, "since", errors);
        var to = ParseTime(until, "until", errors);
        if (page < 1)
        {
            errors["page"] = ["page starts at 1."];
        }

        if (pageSize is < 1 or > AuditQuery.MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize is 1 to {AuditQuery.MaxPageSize}."];
        }

        return errors.Count > 0 ? null : new AuditQuery(user, action, resource, from, to, page, pageSize);
    }

    private static DateTimeOffset? ParseTime(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        errors[field] = [$"{field} is not a date or ISO 8601 time (2026-12-01 or 2026-12-01T10:00:00Z)."];
        return null;
    }

    private static AuditEventResponse ToResponse(AuditEvent e) =>
        new(e.Id, e.Time, e.UserId, e.UserName, e.OrganizationId, e.Action, e.ResourceType, e.ResourceId, e.IpAddress, ToCamel(e.Outcome), e.Details);

    private static string ToCamel(AuditOutcome outcome) => outcome.ToString().ToLowerInvariant();

    private static async Task<Ok<List<ApiKeyResponse>>> ListKeysAsync(HttpContext context, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var list = await keys.ListAsync(context.User.UserId()!, cancellationToken);
        return TypedResults.Ok(list.Select(k => new ApiKeyResponse(k.Id, k.Name, k.Prefix, k.ReadOnly, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt)).ToList());
    }

    private static async Task<IResult> CreateKeyAsync(ApiKeyCreateRequest? request, HttpContext context, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var result = await keys.CreateAsync(context.User.UserId()!, new ApiKeyRequest(request?.Name, request?.ExpiresAt, request?.ReadOnly ?? false), cancellationToken);
        if (!result.Succeeded)
        {
            return OperationProblems.Of(result.Error!);
        }

        context.Response.Headers.CacheControl = "no-store";
        var (key, secret) = result.Value!;
        return TypedResults.Created($"/api/v1/auth/api-keys/{key.Id}", new ApiKeyCreatedResponse(key.Id, key.Name, key.Prefix, key.ReadOnly, key.CreatedAt, key.ExpiresAt, secret));
    }

    private static async Task<IResult> RevokeKeyAsync(Guid id, HttpContext context, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var result = await keys.RevokeAsync(context.User.UserId()!, id, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : OperationProblems.Of(result.Error!);
    }
}
