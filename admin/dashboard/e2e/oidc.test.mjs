// End-to-end: the dashboard signing in through a real OIDC issuer (npm oidc-provider) by authorization code and PKCE,
// in real Chromium, as a viewer and as an admin: what each is shown, and that the server refuses a viewer's forced
// write whatever the UI shows.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '../scripts/admin-process.mjs';
import { detection, eventually, ingest, launchBrowser, seriousViolations, startOidcEnvironment } from './env.mjs';

const shots = process.env.AISPM_UPDATE_SCREENSHOTS === '1' ? join(repoRoot, 'docs', 'screenshots') : join(repoRoot, 'artifacts', 'screenshots');
const key = 'oidc-key-' + Math.random().toString(36).slice(2, 8);
let env;
let finding;

before(async () => {
  env = await startOidcEnvironment();
  mkdirSync(shots, { recursive: true });
  await ingest(env.adminUrl, [detection(key, { team: 'team-oidc' })]);
  finding = await eventually(async () => (await env.api('GET', '/spm/api/findings?limit=100')).json.items.find((f) => f.principal === 'key:' + key), 5000, 'the finding');
});
after(async () => {
  await env?.stop();
});

/**
 * Opens `path` in a fresh browser (no issuer session yet), signs in on the issuer's own login form as `login`, and
 * resolves once the dashboard shows the view; also returns the Authorization header the app sent the admin API.
 */
async function signIn(context, login, path, heading) {
  const page = await context.newPage();
  // The issuer's login page asks for a web font; nothing leaves this machine.
  await context.route((u) => u.hostname !== '127.0.0.1', (r) => r.abort());
  let authorization = null;
  let authorize = null;
  page.on('request', (r) => {
    const h = r.headers().authorization;
    if (h && r.url().startsWith(env.adminUrl + '/spm/api/')) authorization = h;
    if (r.url().startsWith(env.issuer + '/auth?')) authorize = new URL(r.url());
  });
  await page.goto(env.adminUrl + path);
  await page.waitForURL((u) => u.origin === env.issuer, { timeout: 10_000 });
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  // The issuer's consent form, the first time this account signs in to the dashboard.
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((u) => u.origin === env.adminUrl && u.pathname + u.search === path, { timeout: 10_000 });
  await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
  return { page, authorization: () => authorization, authorize };
}

async function nav(page, label, heading) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
}

test('a viewer signs in through the issuer with PKCE, keeps nothing in web storage and is shown no action they may not take', async () => {
  const context = await launchBrowser();
  try {
    const { page, authorization, authorize } = await signIn(context, 'viewer', '/findings?status=open', 'Findings');
    // What the SPA sent to the issuer: the code flow with an S256 challenge, as the public dashboard client.
    const sent = Object.fromEntries(authorize.searchParams);
    assert.equal(sent.response_type, 'code');
    assert.equal(sent.client_id, 'dashboard');
    assert.equal(sent.code_challenge_method, 'S256');
    assert.match(sent.code_challenge, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(sent.redirect_uri, env.adminUrl + '/auth/callback');
    assert.equal(sent.scope, 'openid api');
    assert.ok(sent.state.length >= 43);
    assert.equal(new URL(page.url()).search, '?status=open', 'the deep link survives the round trip, and the code left the address bar');
    assert.equal(await page.evaluate(() => window.localStorage.length + window.sessionStorage.length), 0, 'nothing is kept in web storage');
    assert.match(authorization() ?? '', /^Bearer ey/, 'the API is called with the access token');
    await page.getByRole('banner').getByText('viewer', { exact: true }).waitFor();

    await page.getByRole('row').filter({ hasText: 'key:' + key }).getByRole('link').click();
    await page.getByTestId('finding-status').filter({ hasText: 'open' }).waitFor();
    await page.getByRole('heading', { name: 'Remediation' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save status' }).count(), 0, 'no status change for a viewer');
    assert.equal(await page.getByRole('textbox', { name: 'Reason' }).count(), 0);
    await page.screenshot({ path: join(shots, 'finding-viewer.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), [], 'axe on the finding page as a viewer');

    await nav(page, 'Controls', 'Controls');
    await page.getByTestId('posture-score').waitFor();
    assert.equal(await page.getByRole('link', { name: 'New custom control' }).count(), 0, 'no control editor for a viewer');
    await nav(page, 'Guardian', 'Guardian');
    await page.getByRole('table', { name: 'Audit trail' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Run a pass' }).count(), 0, 'no Guardian pass for a viewer');
    await nav(page, 'Policy', 'Gateway policy');
    await page.getByText('Your role can read the policy').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save policy' }).count(), 0, 'no policy save for a viewer');
    await nav(page, 'Integrations', 'Integrations');
    await page.getByRole('table', { name: 'Discovery runs, newest first' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Scan now' }).count(), 0, 'no scan for a viewer');
    await nav(page, 'Red team', 'Red team');
    await page.getByText('No red-team runs yet.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Start run' }).count(), 0, 'no red-team run for a viewer');

    // The same calls forced from the page with the viewer's own token: the server refuses them.
    const forced = await page.evaluate(async ({ id, token }) => {
      const send = async (method, path, body) =>
        (await fetch(path, { method, headers: { Authorization: token, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).status;
      return {
        status: await send('PATCH', '/spm/api/findings/' + encodeURIComponent(id), { status: 'resolved', reason: 'forced by a viewer' }),
        guardian: await send('POST', '/spm/api/guardian/run', {}),
        redteam: await send('POST', '/spm/api/redteam/run', { mode: 'inprocess', corpus: 'builtin' }),
        read: (await fetch('/spm/api/findings/' + encodeURIComponent(id), { headers: { Authorization: token } })).status,
      };
    }, { id: finding.id, token: authorization() });
    assert.deepEqual(forced, { status: 403, guardian: 403, redteam: 403, read: 200 });
    assert.equal((await env.api('GET', '/spm/api/findings/' + finding.id)).json.status, 'open', 'the forced change did not happen');
  } finally {
    await context.close();
  }
});

test('an admin signs in through the issuer, is shown every action, and a status change is recorded under their name', async () => {
  const context = await launchBrowser();
  try {
    const { page } = await signIn(context, 'admin', '/findings/' + encodeURIComponent(finding.id), finding.title);
    await page.getByRole('banner').getByText('admin', { exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Reason' }).fill('Seen by the admin');
    await page.getByRole('button', { name: 'Save status' }).click();
    await page.getByTestId('finding-status').filter({ hasText: 'acknowledged' }).waitFor();
    const after = await env.api('GET', '/spm/api/findings/' + finding.id);
    assert.equal(after.json.status, 'acknowledged');
    assert.equal(after.json.statusBy, 'admin', 'the audit name comes from the OIDC token');

    await nav(page, 'Controls', 'Controls');
    await page.getByRole('link', { name: 'New custom control' }).waitFor();
    await nav(page, 'Guardian', 'Guardian');
    await page.getByRole('button', { name: 'Run a pass' }).waitFor();
    await nav(page, 'Policy', 'Gateway policy');
    await page.getByRole('button', { name: 'Save policy' }).waitFor();
    await nav(page, 'Integrations', 'Integrations');
    await page.getByRole('button', { name: 'Scan now' }).waitFor();
    await nav(page, 'Red team', 'Red team');
    await page.getByRole('button', { name: 'Start run' }).waitFor();

    // Signing out forgets the token: the API is not called again until the user signs back in through the issuer,
    // whose session signs them straight in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('Signed out.').waitFor();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Red team', level: 2 }).waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate(() => window.localStorage.length + window.sessionStorage.length), 0);
  } finally {
    await context.close();
  }
});

test('an issuer answer this tab did not ask for is refused', async () => {
  const context = await launchBrowser();
  try {
    const page = await context.newPage();
    await page.goto(env.adminUrl + '/auth/callback?code=forged&state=forged&iss=' + encodeURIComponent(env.issuer));
    await page.getByText('state mismatch').waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Views' }).count(), 0);
    assert.equal(new URL(page.url()).search, '', 'the code left the address bar');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  } finally {
    await context.close();
  }
});
