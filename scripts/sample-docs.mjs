// Writes a benign JSONL sample (the corpus schema) of real source code and documentation found on this machine, for
// measuring false positives on the kind of text coding assistants and RAG pipelines carry, which the labelled corpus
// has little of. Deterministic: sorted file walk, fixed-seed choice of files and offsets. Not for training or tuning.
import fs from 'node:fs';
import path from 'node:path';

const [outPath, count, ...roots] = process.argv.slice(2);
const wanted = Number(count);
const chunkChars = 2000;
const extensions = new Set(['.py', '.md', '.js', '.mjs', '.ts', '.sh', '.rst', '.txt']);

function* walk(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.isSymbolicLink()) yield* walk(p);
    else if (e.isFile() && extensions.has(path.extname(e.name))) yield p;
  }
}

// mulberry32: a small seeded generator, so every run picks the same files and offsets.
let state = 20261129;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const files = [];
for (const root of roots) {
  for (const f of walk(root)) files.push(f);
}
for (let i = files.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [files[i], files[j]] = [files[j], files[i]];
}

const rows = [];
for (const file of files) {
  if (rows.length >= wanted) break;
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    continue;
  }
  if (text.length < 500 || text.includes('\u0000')) continue;
  const start = Math.floor(random() * Math.max(1, text.length - chunkChars));
  rows.push({
    id: `docs-${rows.length}`,
    text: text.slice(start, start + chunkChars),
    label: 'benign',
    category: 'benign',
    phase: rows.length % 2 === 0 ? 'response' : 'request',
    source: file,
    license: 'local',
  });
}
fs.writeFileSync(outPath, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
console.log(`sample-docs: ${rows.length} chunks from ${files.length} files under ${roots.join(', ')} -> ${outPath}`);
