using Microsoft.EntityFrameworkCore.Migrations;

namespace WindFlow.Infrastructure.Persistence.Migrations;

/// <summary>Identity tables, refresh tokens and the Data Protection key ring.</summary>
internal static class M0001_Initial
{
    public const string Id = "20261122000001_Initial";

    public static void Up(MigrationBuilder b)
    {
        b.CreateTable(
            name: "AspNetRoles",
            columns: t => new
            {
                Id = t.Column<string>(nullable: false),
                Name = t.Column<string>(maxLength: 256, nullable: true),
                NormalizedName = t.Column<string>(maxLength: 256, nullable: true),
                ConcurrencyStamp = t.Column<string>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_AspNetRoles", x => x.Id));

        b.CreateTable(
            name: "AspNetUsers",
            columns: t => new
            {
                Id = t.Column<string>(nullable: false),
                IsSuperAdmin = t.Column<bool>(nullable: false, defaultValue: false),
                DisplayName = t.Column<string>(maxLength: 200, nullable: true),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
                LastSignInAt = t.Column<DateTimeOffset>(nullable: true),
                UserName = t.Column<string>(maxLength: 256, nullable: true),
                NormalizedUserName = t.Column<string>(maxLength: 256, nullable: true),
                Email = t.Column<string>(maxLength: 256, nullable: true),
                NormalizedEmail = t.Column<string>(maxLength: 256, nullable: true),
                EmailConfirmed = t.Column<bool>(nullable: false),
                PasswordHash = t.Column<string>(nullable: true),
                SecurityStamp = t.Column<string>(nullable: true),
                ConcurrencyStamp = t.Column<string>(nullable: true),
                PhoneNumber = t.Column<string>(nullable: true),
                PhoneNumberConfirmed = t.Column<bool>(nullable: false),
                TwoFactorEnabled = t.Column<bool>(nullable: false),
                LockoutEnd = t.Column<DateTimeOffset>(nullable: true),
                LockoutEnabled = t.Column<bool>(nullable: false),
                AccessFailedCount = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_AspNetUsers", x => x.Id));

        b.CreateTable(
            name: "DataProtectionKeys",
            columns: t => new
            {
                Id = t.Column<int>(nullable: false).Identity(b),
                FriendlyName = t.Column<string>(maxLength: 200, nullable: true),
                Xml = t.Column<string>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_DataProtectionKeys", x => x.Id));

        b.CreateTable(
            name: "AspNetRoleClaims",
            columns: t => new
            {
                Id = t.Column<int>(nullable: false).Identity(b),
                RoleId = t.Column<string>(nullable: false),
                ClaimType = t.Column<string>(nullable: true),
                ClaimValue = t.Column<string>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                t.ForeignKey("FK_AspNetRoleClaims_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
            });

        b.CreateTable(
            name: "AspNetUserClaims",
            columns: t => new
            {
                Id = t.Column<int>(nullable: false).Identity(b),
                UserId = t.Column<string>(nullable: false),
                ClaimType = t.Column<string>(nullable: true),
                ClaimValue = t.Column<string>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                t.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        b.CreateTable(
            name: "AspNetUserLogins",
            columns: t => new
            {
                LoginProvider = t.Column<string>(nullable: false),
                ProviderKey = t.Column<string>(nullable: false),
                ProviderDisplayName = t.Column<string>(nullable: true),
                UserId = t.Column<string>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                t.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        b.CreateTable(
            name: "AspNetUserRoles",
            columns: t => new
            {
                UserId = t.Column<string>(nullable: false),
                RoleId = t.Column<string>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                t.ForeignKey("FK_AspNetUserRoles_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_AspNetUserRoles_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        b.CreateTable(
            name: "AspNetUserTokens",
            columns: t => new
            {
                UserId = t.Column<string>(nullable: false),
                LoginProvider = t.Column<string>(nullable: false),
                Name = t.Column<string>(nullable: false),
                Value = t.Column<string>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                t.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        b.CreateTable(
            name: "RefreshTokens",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                UserId = t.Column<string>(nullable: false),
                TokenHash = t.Column<string>(maxLength: 64, nullable: false),
                FamilyId = t.Column<Guid>(nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
                ExpiresAt = t.Column<DateTimeOffset>(nullable: false),
                RevokedAt = t.Column<DateTimeOffset>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_RefreshTokens", x => x.Id);
                t.ForeignKey("FK_RefreshTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        b.CreateIndex("IX_AspNetRoleClaims_RoleId", "AspNetRoleClaims", "RoleId");
        b.CreateIndex("RoleNameIndex", "AspNetRoles", "NormalizedName", unique: true);
        b.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");
        b.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");
        b.CreateIndex("IX_AspNetUserRoles_RoleId", "AspNetUserRoles", "RoleId");
        b.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        b.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);
        b.CreateIndex("IX_RefreshTokens_FamilyId", "RefreshTokens", "FamilyId");
        b.CreateIndex("IX_RefreshTokens_TokenHash", "RefreshTokens", "TokenHash", unique: true);
        b.CreateIndex("IX_RefreshTokens_UserId", "RefreshTokens", "UserId");
    }

    public static void Down(MigrationBuilder b)
    {
        foreach (var table in new[] { "RefreshTokens", "AspNetUserTokens", "AspNetUserRoles", "AspNetUserLogins", "AspNetUserClaims", "AspNetRoleClaims", "DataProtectionKeys", "AspNetUsers", "AspNetRoles" })
        {
            b.DropTable(table);
        }
    }
}
