namespace WindFlow.Core.Organizations;

/// <summary>A tenant: every target, stack, deployment and workflow belongs to exactly one.</summary>
public sealed class Organization
{
    /// <summary>The organisation migration M0005 creates and gives every pre-existing resource to.</summary>
    public static readonly Guid DefaultId = new("6f1d0c6e-5b1a-4c55-9d7e-000000000001");

    /// <summary>Slug of <see cref="DefaultId"/>.</summary>
    public const string DefaultSlug = "default";

    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>Display name.</summary>
    public required string Name { get; set; }

    /// <summary>Unique lower-case identifier used in URLs and SSO group mappings (<c>acme</c>).</summary>
    public required string Slug { get; set; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>What an environment is for; <see cref="Custom"/> carries its own name.</summary>
public enum EnvironmentKind
{
    /// <summary>Development machines.</summary>
    Development,

    /// <summary>Pre-production.</summary>
    Staging,

    /// <summary>Production.</summary>
    Production,

    /// <summary>Anything else, named by the admin.</summary>
    Custom,
}

/// <summary>A group of targets inside an organisation (development, staging, production...).</summary>
public sealed class OrganizationEnvironment
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>The owning organisation.</summary>
    public Guid OrganizationId { get; set; }

    /// <summary>Unique within the organisation.</summary>
    public required string Name { get; set; }

    /// <summary>What it is for.</summary>
    public EnvironmentKind Kind { get; set; }

    /// <summary>The three environments every new organisation starts with, development first.</summary>
    public static IReadOnlyList<OrganizationEnvironment> Standard(Guid organizationId) =>
    [
        new() { Id = Guid.NewGuid(), OrganizationId = organizationId, Name = "development", Kind = EnvironmentKind.Development },
        new() { Id = Guid.NewGuid(), OrganizationId = organizationId, Name = "staging", Kind = EnvironmentKind.Staging },
        new() { Id = Guid.NewGuid(), OrganizationId = organizationId, Name = "production", Kind = EnvironmentKind.Production },
    ];
}

/// <summary>Roles inside one organisation, each including the ones below it.</summary>
public enum OrganizationRole
{
    /// <summary>Reads everything in the organisation, logs included.</summary>
    Viewer = 1,

    /// <summary>Also starts, stops, deploys, rolls back, runs workflows and approves.</summary>
    Operator = 2,

    /// <summary>Also creates, edits and deletes targets, stacks, workflows, environments, members and policies.</summary>
    Admin = 3,
}

/// <summary>A user's role in one organisation.</summary>
public sealed class Membership
{
    /// <summary>The account id (Identity's string key).</summary>
    public required string UserId { get; set; }

    /// <summary>The organisation.</summary>
    public Guid OrganizationId { get; set; }

    /// <summary>The role.</summary>
    public OrganizationRole Role { get; set; }
}
