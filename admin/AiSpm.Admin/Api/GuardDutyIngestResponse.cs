namespace AiSpm.Admin.Api;

/// <summary>What a GuardDuty ingest did: findings read, stored as new, ignored as duplicates, and not AI-related.</summary>
internal sealed record GuardDutyIngestResponse(int Received, int Stored, int Duplicates, int NotAiRelated);
