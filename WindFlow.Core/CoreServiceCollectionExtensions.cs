using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WindFlow.Core.Accounts;
using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Core.ApiKeys;
using WindFlow.Core.Auditing;
using WindFlow.Core.Compose;
using WindFlow.Core.Deployments;
using WindFlow.Core.Deployments.Engine;
using WindFlow.Core.Observability;
using WindFlow.Core.Organizations;
using WindFlow.Core.Stacks;
using WindFlow.Core.SystemInfo;
using WindFlow.Core.Targets;
using WindFlow.Core.Workflows;
using WindFlow.Core.Workflows.Engine;

namespace WindFlow.Core;

/// <summary>Registers WindFlow's use-case services.</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>Adds Core services; ports are registered by the infrastructure.</summary>
    public static IServiceCollection AddWindFlowCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AuthTokenOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthTokenOptions>, AuthTokenOptionsValidator>();
        services.AddScoped<AuthTokenService>();
        // The web host replaces this with the request/circuit actor; elsewhere WindFlow acts as itself.
        services.TryAddSingleton<IAuditActor>(SystemAuditActor.Instance);
        services.AddOptions<AuditOptions>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditReader>();
        services.AddSingleton<AuditRetention>();
        services.AddSingleton<ApiKeyService>();
        services.AddOptions<KeycloakOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeycloakOptions>, KeycloakOptionsValidator>();
        services.AddScoped<ExternalSignInService>();
        services.AddSingleton<RoleMappingCatalog>();
        services.AddSingleton<RoleMappingService>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<SetupState>();
        services.AddScoped<SetupService>();
        services.AddSingleton<SystemInfoService>();
        services.AddSingleton<AccessGuard>();
        services.AddSingleton<OrganizationService>();
        services.AddSingleton<MembershipService>();
        services.AddSingleton<UserService>();
        services.AddSingleton<UserDetailsService>();
        services.AddSingleton<TargetEngines>();
        services.AddSingleton<EngineEventBus>();
        services.AddSingleton<TargetStatusRecorder>();
        services.AddSingleton<EngineEventMonitor>();
        services.AddScoped<TargetService>();
        services.AddSingleton<ContainerService>();
        services.AddSingleton<EngineResourceService>();
        services.AddOptions<ComposePolicyOptions>();
        services.AddOptions<DeployEngineOptions>();
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<StackService>();
        services.AddSingleton<TemplateCatalog>();
        services.AddSingleton<DeploymentSecrets>();
        services.AddSingleton<DeploymentCompiler>();
        services.AddSingleton<DeploymentBus>();
        services.AddSingleton<DeploymentService>();
        services.AddSingleton<DeploymentAdoption>();
        services.AddSingleton<RunExecutor>();
        services.AddSingleton<RunRecovery>();
        services.AddSingleton<WindFlowMetrics>();
        services.AddSingleton<StateMetricsRefresher>();
        // The workflow runner itself waits for Infrastructure's IWorkflowRunStore and IWorkflowSecrets.
        services.AddSingleton(_ => new NodeTypeRegistry());
        services.AddSingleton<WorkflowValidator>();
        services.AddSingleton<WorkflowBus>();
        foreach (var trigger in TriggerExecutor.All)
        {
            services.AddSingleton<IWorkflowNodeExecutor>(trigger);
        }

        services.AddSingleton<IWorkflowNodeExecutor, ConditionExecutor>();
        services.AddSingleton<IWorkflowNodeExecutor, JoinExecutor>();
        services.AddSingleton<IWorkflowNodeExecutor, SetVariablesExecutor>();
        services.AddSingleton<IWorkflowNodeExecutor, DelayExecutor>();
        services.AddSingleton<IWorkflowNodeExecutor, ApprovalExecutor>();
        services.AddSingleton<IWorkflowNodeExecutor, DeployExecutor>();
        services.AddSingleton<IWorkflowNodeExecutor, RollbackExecutor>();
        services.AddSingleton<IWorkflowNodeExecutor>(sp => ActivatorUtilities.CreateInstance<DeploymentActionExecutor>(sp, "action.start", RunKind.Start));
        services.AddSingleton<IWorkflowNodeExecutor>(sp => ActivatorUtilities.CreateInstance<DeploymentActionExecutor>(sp, "action.stop", RunKind.Stop));
        services.AddSingleton<IWorkflowNodeExecutor, WaitHealthyExecutor>();
        services.AddSingleton<IWorkflowNodeExecutor, ContainerJobExecutor>();
        services.AddSingleton<DeploymentRunWaiter>();
        services.AddSingleton<WorkflowRunner>();
        services.AddOptions<WorkflowEngineOptions>();
        services.AddSingleton<WorkflowRunProcessor>();
        services.AddSingleton<WorkflowService>();
        services.AddSingleton<IWorkflowService>(sp => sp.GetRequiredService<WorkflowService>());
        services.AddSingleton<WorkflowRunService>();
        services.AddSingleton<IWorkflowRuns>(sp => sp.GetRequiredService<WorkflowRunService>());
        services.AddSingleton<WorkflowDeploymentTriggers>();
        return services;
    }
}
