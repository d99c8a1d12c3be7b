namespace AiSpm.Admin.Guardian;

/// <summary>Carries out one kind of action through a path AiSpm already owns or calls, and undoes it.</summary>
internal interface IGuardianActuator
{
    /// <summary>The <see cref="GuardianActionKind"/> this actuator handles.</summary>
    string Kind { get; }

    Task<ActuatorResult> ExecuteAsync(GuardianAction action, string who, CancellationToken cancellationToken);

    /// <summary>Restores what <see cref="ExecuteAsync"/> changed, using the state it recorded in the action.</summary>
    Task<ActuatorResult> RollbackAsync(GuardianAction action, string who, CancellationToken cancellationToken);
}
