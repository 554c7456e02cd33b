using WindFlow.Core.Accounts.ExternalSignIn;

namespace WindFlow.Tests.Core.Accounts;

public sealed class KeycloakOptionsTests
{
    private static KeycloakOptions Valid() => new()
    {
        Enabled = true,
        Url = "https://sso.example.com",
        ClientSecret = "s3cret",
        RoleMappings = [new() { Claim = ExternalClaimKind.Group, Value = "/windflow/default/operators", Organization = "default", Role = OrganizationRoleGrant.Operator }],
    };

    [Fact]
    public void Validate_CompleteSettings_Passes()
    {
        Assert.Null(Valid().Validate());
        Assert.Equal("https://sso.example.com/realms/windflow", Valid().Authority);
    }

    [Fact]
    public void Validate_Disabled_IgnoresEmptySettings() => Assert.Null(new KeycloakOptions().Validate());

    [Theory]
    [InlineData("http://sso.example.com", false, "https")]
    [InlineData("http://sso.example.com", true, "https")]
    [InlineData("http://127.0.0.1:8080", true, "https")]
    [InlineData("not a url", false, "absolute")]
    public void Validate_BadUrl_Fails(string url, bool requireHttps, string expected)
    {
        var options = Valid();
        options.Url = url;
        options.RequireHttpsMetadata = requireHttps;

        Assert.Contains(expected, options.Validate());
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://keycloak:8080")]
    public void Validate_PlainHttpToLoopbackOrContainerWithHttpsOff_Passes(string url)
    {
        var options = Valid();
        options.Url = url;
        options.RequireHttpsMetadata = false;

        Assert.Null(options.Validate());
    }

    [Fact]
    public void Validate_MissingSecretOrOrganization_NamesTheSetting()
    {
        var noSecret = Valid();
        noSecret.ClientSecret = null;
        var noOrganization = Valid();
        noOrganization.RoleMappings[0].Organization = null;

        Assert.Contains("ClientSecret", noSecret.Validate());
        Assert.Contains("RoleMappings:0", noOrganization.Validate());
    }
}
