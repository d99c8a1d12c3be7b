// A small Markdown subset, parsed to plain data (never to HTML): paragraphs, "- " lists, fenced and indented code
// blocks, and inline `code`, **bold** and [links](https://...). The Markdown component renders it as React elements, so
// text from a control's metadata can never inject markup.

export type Inline = { kind: 'text' | 'code' | 'bold'; text: string } | { kind: 'link'; text: string; href: string };
export type Block =
  | { kind: 'paragraph'; parts: Inline[] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'code'; text: string };

const inlinePattern = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g;

export function parseInline(line: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of line.matchAll(inlinePattern)) {
    if (m.index > last) out.push({ kind: 'text', text: line.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ kind: 'code', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'bold', text: m[2] });
    else out.push({ kind: 'link', text: m[3] ?? '', href: m[4] ?? '' });
    last = m.index + m[0].length;
  }
  if (last < line.length) out.push({ kind: 'text', text: line.slice(last) });
  return out;
}

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
    } else if (line.trimStart().startsWith('```')) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? '').trimStart().startsWith('```')) code.push(lines[i++] ?? '');
      i++;
      blocks.push({ kind: 'code', text: code.join('\n') });
    } else if (/^( {4}|\t)/.test(line)) {
      const code: string[] = [];
      while (i < lines.length && (/^( {4}|\t)/.test(lines[i] ?? '') || (lines[i] ?? '').trim() === '')) code.push((lines[i++] ?? '').replace(/^( {4}|\t)/, ''));
      blocks.push({ kind: 'code', text: code.join('\n').replace(/\n+$/, '') });
    } else if (/^\s*[-*] /.test(line)) {
      const items: Inline[][] = [];
      while (i < lines.length && /^\s*[-*] /.test(lines[i] ?? '')) items.push(parseInline((lines[i++] ?? '').replace(/^\s*[-*] /, '')));
      blocks.push({ kind: 'list', items });
    } else {
      // Parsed as one text, so a code span may run over a line end; the renderer keeps the line breaks.
      const para: string[] = [];
      while (i < lines.length) {
        const l = lines[i] ?? '';
        if (l.trim() === '' || l.trimStart().startsWith('```') || /^\s*[-*] /.test(l) || /^( {4}|\t)/.test(l)) break;
        para.push(l.trim());
        i++;
      }
      blocks.push({ kind: 'paragraph', parts: parseInline(para.join('\n')) });
    }
  }
  return blocks;
}
