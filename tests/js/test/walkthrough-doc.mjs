// Reads a walkthrough page (docs/use-cases/*.md) as a test script: every ```sh block is a step, the ```text block
// right under it (blank lines between allowed) is what the step must print, with … standing for any text. A
// <!-- walkthrough: setup --> line before a block makes it the setup every later step runs first;
// <!-- walkthrough: eventually --> lets a step be retried until it prints what the page says (for what arrives
// asynchronously: events, findings, policy, sink deliveries).

export function parseWalkthrough(markdown) {
  const lines = markdown.split('\n');
  const steps = [];
  let setup = null;
  let marker = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = /^<!-- walkthrough: (setup|eventually) -->$/.exec(line.trim());
    if (m) {
      marker = m[1];
      continue;
    }

    if (line.startsWith('```sh')) {
      const start = i + 1;
      const body = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
      const command = body.join('\n');
      if (marker === 'setup') {
        if (setup !== null) throw new Error(`line ${start}: a second setup block`);
        setup = command;
        marker = null;
        continue;
      }

      let j = i + 1;
      while (j < lines.length && lines[j].trim() === '') j++;
      let expected = null;
      if (j < lines.length && lines[j].startsWith('```text')) {
        expected = [];
        for (j++; j < lines.length && !lines[j].startsWith('```'); j++) expected.push(lines[j]);
        i = j;
      }

      steps.push({ line: start, command, expected, eventually: marker === 'eventually' });
      marker = null;
      continue;
    }

    if (line.trim() !== '') marker = null;
  }

  return { setup, steps };
}

// One expected line against one printed line: literal text, where … matches any run of characters.
export function lineMatches(pattern, actual) {
  const parts = pattern.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp('^' + parts.join('[\\s\\S]*?') + '$').test(actual);
}

// The step's whole output against the page: the same number of lines, each matching. Null when it matches, else why.
export function compareOutput(expected, output) {
  const actual = output.replace(/\s+$/, '').split('\n').map((l) => l.replace(/\s+$/, ''));
  const wanted = expected.map((l) => l.replace(/\s+$/, ''));
  while (wanted.length > 0 && wanted[wanted.length - 1] === '') wanted.pop();
  if (actual.length !== wanted.length) {
    return `printed ${actual.length} line(s), the page shows ${wanted.length}`;
  }

  for (let k = 0; k < wanted.length; k++) {
    if (!lineMatches(wanted[k], actual[k])) return `line ${k + 1} differs:\n  page:    ${wanted[k]}\n  printed: ${actual[k]}`;
  }

  return null;
}
