// Pure helpers of the Red team view (no imports beyond types: the unit tests load this module as it is).
import type { RedTeamRun } from '../../api/types';

/** Detected over total across every attack category of a run: the run's overall detection rate, or null without attacks. */
export function overallDetection(run: Pick<RedTeamRun, 'categories'>): number | null {
  let total = 0;
  let detected = 0;
  for (const c of run.categories ?? []) {
    total += Number(c.total);
    detected += Number(c.detected);
  }
  return total === 0 ? null : detected / total;
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '–' : `${(Number(rate) * 100).toFixed(1)}%`;
}

/** A signed change in percentage points ("+12.5 pp"), or "±0" for none. */
export function delta(d: number): string {
  const pp = Math.round(d * 1000) / 10;
  return pp === 0 ? '±0' : `${pp > 0 ? '+' : '−'}${Math.abs(pp).toFixed(1)} pp`;
}

/** Benign rows a run flagged (its false positives), with the rule that flagged each. */
export function falsePositives(run: Pick<RedTeamRun, 'results'>): { id: string; rule: string | null }[] {
  return (run.results ?? []).filter((r) => !r.attack && r.outcome === 'flagged').map((r) => ({ id: r.id, rule: r.rule ?? null }));
}
