// A small Dockerfile reader: instructions with line continuations joined, grouped by build stage.
import { readFileSync } from 'node:fs';

export function parseDockerfile(path) {
  const text = readFileSync(path, 'utf8').replace(/\\\r?\n/g, ' ');
  const stages = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const instruction = m[1].toUpperCase();
    const args = m[2].trim();
    if (instruction === 'FROM') {
      const [image, , name] = args.split(/\s+/);
      stages.push({ image, name: name ?? null, instructions: [] });
    }
    stages.at(-1)?.instructions.push({ instruction, args });
  }
  return stages;
}

/** True when an image reference names an exact version (x.y.z in the tag) or a digest. */
export function isPinned(image) {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
  return /^v?\d+\.\d+\.\d+/.test(tag);
}

/** The HEALTHCHECK's command as an argv array (exec form), or null. */
export function healthcheckCommand(stage) {
  const h = stage.instructions.find((i) => i.instruction === 'HEALTHCHECK');
  if (!h) return null;
  const m = /CMD\s+(\[.*\])\s*$/.exec(h.args);
  return m ? JSON.parse(m[1]) : null;
}
