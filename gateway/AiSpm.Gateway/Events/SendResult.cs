namespace AiSpm.Gateway.Events;

/// <summary>A batch's outcome and, when it was delivered, the events the admin service refused one by one.</summary>
internal readonly record struct SendResult(SendOutcome Outcome, IngestRejection[] Rejected)
{
    public static SendResult Of(SendOutcome outcome) => new(outcome, []);
}
