using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WindFlow.Web.Auth.Keycloak;

namespace WindFlow.Tests.Web.Auth;

public sealed class KeycloakClaimsTests
{
    [Fact]
    public async Task ToExternalIdentity_KeycloakShapedToken_ReadsGroupsRealmAndClientRoles()
    {
        // Built and read back through IdentityModel, as the validator hands claims over.
        var key = new SymmetricSecurityKey(new byte[32]);
        var handler = new JsonWebTokenHandler();
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "kc-1",
                ["preferred_username"] = "alice",
                ["groups"] = new[] { "/windflow/acme/operators", "/windflow/default/viewers" },
                ["realm_access"] = new Dictionary<string, object> { ["roles"] = new[] { "offline_access", "windflow-admin" } },
                ["resource_access"] = new Dictionary<string, object>
                {
                    ["windflow"] = new Dictionary<string, object> { ["roles"] = new[] { "super-admin" } },
                    ["account"] = new Dictionary<string, object> { ["roles"] = new[] { "manage-account" } },
                },
            },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidateIssuer = false,
            ValidateAudience = false,
        });

        var identity = KeycloakClaims.ToExternalIdentity(result.ClaimsIdentity, "windflow");

        Assert.Equal("kc-1", identity.Subject);
        Assert.Equal("alice", identity.UserName);
        Assert.Equal(["/windflow/acme/operators", "/windflow/default/viewers"], identity.Groups);
        Assert.Equal(["offline_access", "windflow-admin"], identity.RealmRoles);
        Assert.Equal(["super-admin"], identity.ClientRoles);
    }

    [Fact]
    public void ToExternalIdentity_NoRoleClaims_GivesEmptyLists()
    {
        var identity = KeycloakClaims.ToExternalIdentity(new ClaimsIdentity([new Claim("sub", "kc-2")]), "windflow");

        Assert.Empty(identity.Groups);
        Assert.Empty(identity.RealmRoles);
        Assert.Empty(identity.ClientRoles);
    }
}
