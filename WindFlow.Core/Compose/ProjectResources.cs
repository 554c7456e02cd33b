using WindFlow.Core.Targets;

namespace WindFlow.Core.Compose;

/// <summary>A network of a project as the engine names it.</summary>
/// <param name="Key">The compose key (<c>default</c> for the implicit network).</param>
/// <param name="EngineName">The engine's name: <c>{project}_{key}</c>, or the network's <c>name:</c>.</param>
/// <param name="External">Created outside the project: must exist, never created nor removed.</param>
/// <param name="Create">What to create when missing; null for an external network.</param>
public sealed record ProjectNetwork(string Key, string EngineName, bool External, NetworkCreate? Create);

/// <summary>A named volume of a project as the engine names it.</summary>
/// <param name="Key">The compose key.</param>
/// <param name="EngineName">The engine's name: <c>{project}_{key}</c>, or the volume's <c>name:</c>.</param>
/// <param name="External">Created outside the project: must exist, never created nor removed.</param>
/// <param name="Create">What to create when missing; null for an external volume.</param>
public sealed record ProjectVolume(string Key, string EngineName, bool External, VolumeCreate? Create);
