namespace AiSpm.Admin.Storage;

/// <summary>
/// One event of a batch that was not stored because it is invalid: its position in the batch, its id when the id
/// itself is well-formed, and the first field at fault (relative to the event, e.g. "requestId" or "tags[2]").
/// </summary>
internal sealed record RejectedEvent(int Index, string? EventId, string Field, string Message);
