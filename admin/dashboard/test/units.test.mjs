// Unit tests of the dashboard's pure modules (no DOM): each is transpiled from its TypeScript source with the
// project's own compiler and imported as a module, so the test runs the code the app ships.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Modules with type-only imports (erased by the compiler) can be loaded this way. */
async function load(path) {
  const { outputText } = ts.transpileModule(readFileSync(join(src, path), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  });
  return import('data:text/javascript;base64,' + Buffer.from(outputText).toString('base64'));
}

const { SseParser } = await load('views/live/sse.ts');
const { toCsv } = await load('views/findings/csv.ts');
const { policyDiff } = await load('views/policy/policyDiff.ts');

const stream = ': connected\n\n'
  + 'id: 1\nevent: detection\ndata: {"eventId":"1","evidence":"caf\u00e9 \u{1F600}"}\n\n'
  + ': keep-alive\n\n'
  + 'id: 2\nevent: detection\ndata: {"eventId":"2"}\n\n'
  + 'data: line one\ndata: line two\n\n';
const expected = [
  { event: 'detection', id: '1', data: '{"eventId":"1","evidence":"caf\u00e9 \u{1F600}"}' },
  { event: 'detection', id: '2', data: '{"eventId":"2"}' },
  { event: 'message', id: null, data: 'line one\nline two' },
];

test('the SSE parser reports the same frames whichever byte the stream is cut at', () => {
  const bytes = new TextEncoder().encode(stream);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const parser = new SseParser();
    const frames = [...parser.push(bytes.subarray(0, cut)), ...parser.push(bytes.subarray(cut))];
    assert.deepEqual(frames, expected, `cut at byte ${cut}`);
  }
});

test('the SSE parser reports the same frames when fed one byte at a time, and folds CR LF line ends', () => {
  const bytes = new TextEncoder().encode(stream.replaceAll('\n', '\r\n'));
  const parser = new SseParser();
  const frames = [];
  for (const b of bytes) frames.push(...parser.push(Uint8Array.of(b)));
  assert.deepEqual(frames, expected);
});

test('the SSE parser holds an unfinished frame back until its blank line arrives', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push(new TextEncoder().encode('event: detection\ndata: {}\n')), []);
  assert.deepEqual(parser.push(new TextEncoder().encode('\n')), [{ event: 'detection', id: null, data: '{}' }]);
});

test('the CSV export quotes every cell, doubles quotes and neutralises spreadsheet formulas', () => {
  const csv = toCsv([{ id: 'f1', type: 't', title: 'Say "hi"', category: 'c', severity: 'high', status: 'open', principal: '=HYPERLINK("x")', remediation: 'r', ruleIds: ['A', 'B'], count: 3 }]);
  const [header, row, end] = csv.split('\r\n');
  assert.ok(header.startsWith('id,type,title,'));
  assert.equal(end, '');
  assert.ok(row.includes('"Say ""hi"""'));
  assert.ok(row.includes(`"'=HYPERLINK(""x"")"`), row);
  assert.ok(row.includes('"A B"'));
  assert.equal(row.split('","').length, header.split(',').length);
});

test('the policy diff names exactly the fields that differ, with both sides', () => {
  const base = { version: '3', mode: null, modeOverrides: [], suppressions: [], rateLimits: [], tokenLimits: [], enabledRulePacks: [] };
  assert.deepEqual(policyDiff(base, { ...base, version: '4', updatedBy: 'someone' }), []);
  const diff = policyDiff({ ...base, mode: 'monitor' }, { ...base, enabledRulePacks: ['p'] });
  assert.deepEqual(diff.map((d) => d.field), ['mode', 'enabledRulePacks']);
  assert.equal(diff[0].mine, '"monitor"');
  assert.equal(diff[0].theirs, 'null');
  assert.match(diff[1].theirs, /"p"/);
});

const { parseMarkdown } = await load('components/markdown.ts');

test('the markdown subset keeps HTML as text and reads code, bold, lists and links', () => {
  const blocks = parseMarkdown('Console: <img src=x onerror=alert(1)> and `aws x`\n**Bold** [doc](https://example.com/a)\n\n- one\n- two\n\n```\ncode <b>\n```\n    indented\n');
  assert.deepEqual(blocks[0], {
    kind: 'paragraph',
    parts: [
      { kind: 'text', text: 'Console: <img src=x onerror=alert(1)> and ' }, { kind: 'code', text: 'aws x' }, { kind: 'text', text: '\n' },
      { kind: 'bold', text: 'Bold' }, { kind: 'text', text: ' ' }, { kind: 'link', text: 'doc', href: 'https://example.com/a' },
    ],
  });
  assert.deepEqual(blocks[1], { kind: 'list', items: [[{ kind: 'text', text: 'one' }], [{ kind: 'text', text: 'two' }]] });
  assert.deepEqual(blocks[2], { kind: 'code', text: 'code <b>' });
  assert.deepEqual(blocks[3], { kind: 'code', text: 'indented' });
  assert.deepEqual(parseMarkdown('[x](javascript:alert(1))')[0], { kind: 'paragraph', parts: [{ kind: 'text', text: '[x](javascript:alert(1))' }] });
  assert.deepEqual(parseMarkdown('AWS CLI: `aws a\n--b`')[0].parts[1], { kind: 'code', text: 'aws a\n--b' }, 'a code span over a line end');
});

const oidc = await load('auth/oidc.ts');

test('the PKCE challenge is S256 of the verifier, base64url without padding (RFC 7636 appendix B)', async () => {
  assert.equal(await oidc.challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  const verifier = oidc.randomToken();
  assert.match(verifier, /^[A-Za-z0-9_-]{43}$/, 'a verifier is 43 unreserved characters');
  assert.notEqual(oidc.randomToken(), verifier);
  assert.equal(oidc.base64url(Uint8Array.of(0xfb, 0xff, 0xfe)), '-__-');
});

test('the authorization request asks for a code with an S256 challenge as the public client', () => {
  const url = new URL(oidc.authorizeUrl(
    { issuer: 'https://id.example', authorization_endpoint: 'https://id.example/oauth2/authorize?tenant=x', token_endpoint: 'https://id.example/oauth2/token' },
    { issuer: 'https://id.example', clientId: 'spa', scope: 'openid aispm/api' },
    'https://aispm.example/auth/callback', 'st', 'ch'));
  assert.equal(url.origin + url.pathname, 'https://id.example/oauth2/authorize');
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    tenant: 'x', response_type: 'code', client_id: 'spa', redirect_uri: 'https://aispm.example/auth/callback', scope: 'openid aispm/api',
    state: 'st', code_challenge: 'ch', code_challenge_method: 'S256',
  });
});

test('the callback is accepted only with this tab\'s state and, when named, the same issuer', () => {
  const pending = { state: 'abc', verifier: 'v', returnTo: '/findings' };
  assert.equal(oidc.readCallback('?code=c1&state=abc', pending, 'https://id.example'), 'c1');
  assert.equal(oidc.readCallback('?code=c1&state=abc&iss=https%3A%2F%2Fid.example%2F', pending, 'https://id.example'), 'c1');
  assert.throws(() => oidc.readCallback('?code=c1&state=other', pending, 'https://id.example'), /state mismatch/);
  assert.throws(() => oidc.readCallback('?code=c1&state=abc', null, 'https://id.example'), /state mismatch/);
  assert.throws(() => oidc.readCallback('?code=c1&state=abc&iss=https%3A%2F%2Fevil.example', pending, 'https://id.example'), /another issuer/);
  assert.throws(() => oidc.readCallback('?error=access_denied&error_description=User+said+no&state=abc', pending, 'https://id.example'), /User said no/);
  assert.throws(() => oidc.readCallback('?state=abc', pending, 'https://id.example'), /no code/);
});

test('discovery refuses a document that names another issuer or lacks its endpoints', async () => {
  const answer = (doc, status = 200) => async () => new Response(JSON.stringify(doc), { status });
  const good = { issuer: 'https://id.example/', authorization_endpoint: 'https://id.example/a', token_endpoint: 'https://id.example/t' };
  assert.equal((await oidc.discover('https://id.example', answer(good))).token_endpoint, 'https://id.example/t');
  await assert.rejects(oidc.discover('https://id.example', answer({ ...good, issuer: 'https://evil.example' })), /another issuer/);
  await assert.rejects(oidc.discover('https://id.example', answer({ issuer: good.issuer })), /lacks its endpoints/);
  await assert.rejects(oidc.discover('https://id.example', answer({}, 404)), /HTTP 404/);
});

const rates = await load('views/redteam/rates.ts');

test('a red-team run\'s overall detection sums its categories, and changes read in percentage points', () => {
  assert.equal(rates.overallDetection({ categories: [{ total: 3, detected: 3 }, { total: 1, detected: 0 }] }), 0.75);
  assert.equal(rates.overallDetection({ categories: [] }), null);
  assert.equal(rates.percent(0.75), '75.0%');
  assert.equal(rates.percent(null), '–');
  assert.equal(rates.delta(0.125), '+12.5 pp');
  assert.equal(rates.delta(-0.0333), '−3.3 pp');
  assert.equal(rates.delta(0), '±0');
  assert.deepEqual(rates.falsePositives({ results: [
    { id: 'b1', attack: false, outcome: 'flagged', rule: 'R1' }, { id: 'b2', attack: false, outcome: 'passed' }, { id: 'a1', attack: true, outcome: 'flagged', rule: 'R2' },
  ] }), [{ id: 'b1', rule: 'R1' }]);
});

test('after sign-in the app returns only to a path of its own origin', () => {
  assert.equal(oidc.safeReturn('/findings?status=open'), '/findings?status=open');
  for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', '', null, 42]) assert.equal(oidc.safeReturn(bad), '/', String(bad));
});
