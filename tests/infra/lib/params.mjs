// The parameters one stack receives from a deploy parameter file: a flat JSON object shared by both stacks, each
// stack taking the keys its template declares. Every error is reported at once.

/** { given: [[key, value]], defaults: [[key, value]], errors: [] } for one template. */
export function renderParameters(template, values, fixed = {}) {
  const declared = template.Parameters ?? {};
  const given = [];
  const defaults = [];
  const errors = [];
  const all = { ...values, ...fixed };
  for (const [key, p] of Object.entries(declared)) {
    if (!(key in all)) {
      if (p.Default === undefined) errors.push(`${key}: required, no default`);
      else defaults.push([key, String(p.Default)]);
      continue;
    }
    let v = all[key];
    if (Array.isArray(v)) v = v.join(',');
    if (typeof v === 'number' || typeof v === 'boolean') v = String(v);
    if (typeof v !== 'string') { errors.push(`${key}: must be a string, number, boolean or list`); continue; }
    if (/[\r\n]/.test(v)) { errors.push(`${key}: must be one line`); continue; }
    if (p.AllowedValues && !p.AllowedValues.map(String).includes(v)) errors.push(`${key}: ${v} is not one of ${p.AllowedValues.join(', ')}`);
    if (p.AllowedPattern && !new RegExp(p.AllowedPattern).test(v)) errors.push(`${key}: ${v} does not match ${p.AllowedPattern}`);
    if (p.Type === 'Number' && (v === '' || Number.isNaN(Number(v)))) errors.push(`${key}: ${v} is not a number`);
    if (p.Type === 'Number' && p.MinValue !== undefined && Number(v) < p.MinValue) errors.push(`${key}: below ${p.MinValue}`);
    if (p.Type === 'Number' && p.MaxValue !== undefined && Number(v) > p.MaxValue) errors.push(`${key}: above ${p.MaxValue}`);
    given.push([key, v]);
  }
  return { given, defaults, errors, noEcho: new Set(Object.keys(declared).filter((k) => declared[k].NoEcho)) };
}

/** Keys of the parameter file that no stack declares (a typo would otherwise be ignored). */
export function unknownKeys(values, templates) {
  const known = new Set(templates.flatMap((t) => Object.keys(t.Parameters ?? {})));
  return Object.keys(values).filter((k) => !k.startsWith('$') && !known.has(k));
}
