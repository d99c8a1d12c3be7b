namespace AiSpm.Gateway.Events;

/// <summary>What posting one batch came to.</summary>
internal enum SendOutcome
{
    /// <summary>2xx: stored (or already stored: ingest is idempotent), except the events the answer lists as rejected.</summary>
    Delivered,
    /// <summary>The admin service refused the batch as invalid (400, 415): retrying cannot help.</summary>
    Rejected,
    /// <summary>413: the batch is too large for the admin service; smaller batches can succeed.</summary>
    TooLarge,
    /// <summary>Unreachable, timed out, 5xx, 401/403, 429: keep it and try again later.</summary>
    Retry,
}
