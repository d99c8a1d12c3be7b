import type { components } from './schema';

type Schemas = components['schemas'];
export type DetectionEvent = Schemas['DetectionEvent'];
export type EventPage = Schemas['EventPageResponse'];
export type Finding = Schemas['FindingRecord'];
export type FindingPage = Schemas['FindingPageResponse'];
export type FindingPatch = Schemas['FindingPatchRequest'];
export type GatewayPolicy = Schemas['GatewayPolicy'];
export type ModeOverride = Schemas['ModeOverride'];
export type Suppression = Schemas['Suppression'];
export type InventoryItem = Schemas['InventoryItem'];
export type InventoryResponse = Schemas['InventoryResponse'];
export type Health = Schemas['HealthResponse'];
export type Me = Schemas['MeResponse'];
export type Session = Schemas['SessionResponse'];
export type Problem = Schemas['ProblemDetails'];
export type PluginsResponse = Schemas['PluginsResponse'];

export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const findingStatuses = ['open', 'acknowledged', 'resolved', 'suppressed'] as const;
export const eventActions = ['blocked', 'redacted', 'flagged', 'allowed'] as const;

/** .NET writes 64-bit integers as numbers but its schema also admits strings; the UI wants numbers. */
export const num = (v: number | string | null | undefined): number => (v === undefined || v === null ? 0 : Number(v));
export type ControlsResponse = Schemas['ControlsResponse'];
export type ControlSummary = Schemas['ControlSummary'];
export type ControlDetail = Schemas['ControlDetailResponse'];
export type ControlEvaluate = Schemas['ControlEvaluateResponse'];
export type ControlResult = Schemas['StoredResult'];
export type Posture = Schemas['PostureResponse'];
export type PostureScore = Schemas['Score'];
export type GuardianAction = Schemas['GuardianAction'];
export type GuardianActions = Schemas['GuardianActionsResponse'];
export type GuardianAuditResponse = Schemas['GuardianAuditResponse'];
export type GuardianDecision = Schemas['GuardianDecisionRequest'];
export type GuardianRunRequest = Schemas['GuardianRunRequest'];
export type GuardianRunResult = Schemas['GuardianRunResult'];
export type ControlRequest = Schemas['ControlRequest'];
export type SinksResponse = Schemas['SinksResponse'];
export type DeadLetters = Schemas['DeadLettersResponse'];
export type DeadLetterRetry = Schemas['DeadLetterRetryResponse'];
export type DiscoveryConnectors = Schemas['DiscoveryConnectorsResponse'];
export type DiscoveryRuns = Schemas['DiscoveryRunsResponse'];
export type DiscoveryRun = Schemas['DiscoveryRun'];
export type Graph = Schemas['GraphResponse'];
export type GraphNode = Schemas['GraphNode'];
export type AssetDetail = Schemas['AssetDetailResponse'];
