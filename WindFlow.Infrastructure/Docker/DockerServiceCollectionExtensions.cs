using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>Registers the Docker Engine API adapter.</summary>
public static class DockerServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IContainerEngineFactory"/>, which creates one engine client per target endpoint.</summary>
    public static IServiceCollection AddWindFlowDocker(this IServiceCollection services)
    {
        services.TryAddSingleton<IContainerEngineFactory, DockerEngineFactory>();
        return services;
    }
}
