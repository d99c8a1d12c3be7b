using AiSpm.Admin.Guardian;

namespace AiSpm.Admin.Api;

/// <summary>Audit records, oldest first.</summary>
internal sealed record GuardianAuditResponse(IReadOnlyList<GuardianAudit> Items);
