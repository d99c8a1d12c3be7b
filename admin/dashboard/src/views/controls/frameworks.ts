// Controls carry framework tags "family:item" (owasp-llm:LLM01); the view groups them by family.
export const families: Record<string, string> = {
  'owasp-llm': 'OWASP Top 10 for LLM Applications 2025',
  'owasp-agentic': 'OWASP Agentic AI',
  'nist-ai-rmf': 'NIST AI RMF',
  'mitre-atlas': 'MITRE ATLAS',
};

export const familyOf = (tag: string): string => tag.split(':')[0] ?? tag;
export const familyName = (family: string): string => families[family] ?? family;

/** The families present, the known ones first in their order, then the rest by name. */
export function familiesIn(tags: readonly string[]): string[] {
  const present = new Set(tags.map(familyOf));
  const known = Object.keys(families).filter((f) => present.has(f));
  return [...known, ...[...present].filter((f) => !(f in families)).sort()];
}
