using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Docker;

namespace WindFlow.Tests.Infrastructure.Docker;

public sealed class DockerImageReferenceTests
{
    private const string Digest = "sha256:95934c7e9659840fd0a168fbea0be58bd3ef11d7880357de45428aacfeb36ff7";

    [Theory]
    [InlineData("busybox", "busybox", "latest")]
    [InlineData("busybox:1.36", "busybox", "1.36")]
    [InlineData("library/nginx:1.27-alpine", "library/nginx", "1.27-alpine")]
    [InlineData("ghcr.io/acme/app:v2", "ghcr.io/acme/app", "v2")]
    [InlineData("127.0.0.1:5000/x/y:tag", "127.0.0.1:5000/x/y", "tag")]
    [InlineData("127.0.0.1:5000/x/y", "127.0.0.1:5000/x/y", "latest")]
    [InlineData("localhost:5000/app", "localhost:5000/app", "latest")]
    [InlineData("  busybox:1.36  ", "busybox", "1.36")]
    public void Split_NameAndTag_SeparatesTagNotRegistryPort(string reference, string name, string tag)
    {
        Assert.Equal((name, tag), DockerImageReference.Split(reference));
    }

    [Theory]
    [InlineData("busybox@" + Digest, "busybox")]
    [InlineData("127.0.0.1:5000/x/y@" + Digest, "127.0.0.1:5000/x/y")]
    [InlineData("127.0.0.1:5000/x/y:1@" + Digest, "127.0.0.1:5000/x/y")]
    public void Split_Digest_PassesTheDigestAsTag(string reference, string name)
    {
        Assert.Equal((name, Digest), DockerImageReference.Split(reference));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("busybox:")]
    [InlineData("busybox@")]
    [InlineData(":1.0")]
    public void Split_Malformed_ThrowsInsteadOfPullingEveryTag(string reference)
    {
        var error = Assert.Throws<EngineException>(() => DockerImageReference.Split(reference));

        Assert.Equal(EngineErrorKind.Api, error.Kind);
        Assert.Contains("not a valid image reference", error.Message, StringComparison.Ordinal);
    }
}
