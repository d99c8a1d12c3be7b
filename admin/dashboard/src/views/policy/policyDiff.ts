import type { GatewayPolicy } from '../../api/types';

export interface FieldDiff {
  field: string;
  mine: string;
  theirs: string;
}

const fields = ['mode', 'modeOverrides', 'enabledRulePacks', 'suppressions', 'rateLimits', 'tokenLimits'] as const;

const show = (v: unknown): string => (v === undefined || v === null ? 'null' : JSON.stringify(v, null, 2));

/** The editable fields where the two policies differ, each as both sides' JSON. */
export function policyDiff(mine: GatewayPolicy, theirs: GatewayPolicy): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const f of fields) {
    const a = show(mine[f] ?? (f === 'mode' ? null : []));
    const b = show(theirs[f] ?? (f === 'mode' ? null : []));
    if (a !== b) out.push({ field: f, mine: a, theirs: b });
  }
  return out;
}
