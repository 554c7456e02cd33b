using Microsoft.Extensions.DependencyInjection;
using WindFlow.Core.Workflows;
using WindFlow.Core.Workflows.Engine;
using WindFlow.Core.Workflows.Expressions;
using WindFlow.Infrastructure.Persistence;
using WindFlow.Infrastructure.Scheduling;

namespace WindFlow.Infrastructure.Workflows;

/// <summary>Registers the workflow stores, the Quartz-backed scheduler and the executors that reach the outside world.</summary>
public static class WorkflowServiceCollectionExtensions
{
    /// <summary>Adds what Core's workflow engine and services need from Infrastructure.</summary>
    public static IServiceCollection AddWindFlowWorkflows(this IServiceCollection services)
    {
        services.AddSingleton<EfWorkflowStore>();
        services.AddSingleton<IWorkflowStore>(sp => sp.GetRequiredService<EfWorkflowStore>());
        services.AddSingleton<IWorkflowRunStore>(sp => sp.GetRequiredService<EfWorkflowStore>());
        services.AddSingleton<EfWorkflowSecrets>();
        services.AddSingleton<IWorkflowSecrets>(sp => sp.GetRequiredService<EfWorkflowSecrets>());
        services.AddSingleton<IWorkflowScheduler, QuartzWorkflowScheduler>();
        services.AddHttpClient(HttpRequestExecutor.ClientName);
        services.AddSingleton<IWorkflowNodeExecutor, HttpRequestExecutor>();
        services.AddSingleton<IWorkflowNodeExecutor, NotifyExecutor>();
        services.AddHostedService<DeploymentTriggerService>();
        return services;
    }
}
