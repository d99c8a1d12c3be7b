// A real OpenID Connect provider (npm oidc-provider) for the admin auth tests. Listens on 127.0.0.1 and a free
// port, signs JWT access tokens with a fresh RSA key (so two instances are two different issuers), and puts a
// Cognito-style "cognito:groups" claim in each token according to the client that asked:
//   viewer / analyst / admin / nogroups: client_credentials with secret "secret", 5 minute tokens
//   short: admin group, 1 second tokens (to get an expired token)
//   spaced: one group claim value "staff admin" (a string, not an array)
//   idtoken: admin group, with "token_use": "id" (as a Cognito ID token has)
//   es256: admin group, signed with ES256 (P-256) instead of RS256
// With AISPM_OIDC_DASHBOARD_REDIRECT=URI, also a public client "dashboard" for a browser: authorization code with PKCE
// (S256) to that redirect URI, through oidc-provider's own login form (any password; the login names the account and
// its group: viewer, analyst, admin, or anything else for none), then its consent form.
// Prints "oidc: http://127.0.0.1:PORT" once listening; exits when stdin closes.
import { createServer } from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';

const groups = {
  viewer: ['viewer'], analyst: ['analyst'], admin: ['admin'], nogroups: [], short: ['admin'],
  spaced: 'staff admin', idtoken: ['admin'], es256: ['admin'],
};
const audience = process.argv[2] ?? 'aispm-admin';
const dashboardRedirect = process.env.AISPM_OIDC_DASHBOARD_REDIRECT;
const dashboardClient = dashboardRedirect ? [{
  client_id: 'dashboard',
  grant_types: ['authorization_code'],
  response_types: ['code'],
  redirect_uris: [dashboardRedirect],
  token_endpoint_auth_method: 'none',
  scope: 'openid api',
}] : [];
/** Who a token is for: the signed-in account (a browser) or the client itself (client_credentials). */
const subjectOf = (token) => token.accountId ?? token.clientId;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const ecJwk = { ...ec.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'ES256' };

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [...Object.keys(groups).map((id) => ({
      client_id: id,
      client_secret: 'secret',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_post',
      scope: 'api',
    })), ...dashboardClient],
    jwks: { keys: [jwk, ecJwk] },
    scopes: ['openid', 'api'],
    findAccount: (ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    features: {
      devInteractions: { enabled: Boolean(dashboardRedirect) },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'urn:aispm:admin',
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource, client) => ({
          scope: 'api',
          audience,
          accessTokenFormat: 'jwt',
          accessTokenTTL: client.clientId === 'short' ? 1 : 300,
          jwt: { sign: { alg: client.clientId === 'es256' ? 'ES256' : 'RS256' } },
        }),
      },
    },
    extraTokenClaims: (ctx, token) => ({
      'cognito:groups': groups[subjectOf(token)] ?? [],
      username: subjectOf(token),
      ...(token.clientId === 'idtoken' ? { token_use: 'id' } : {}),
    }),
  });
  provider.proxy = false;
  server.on('request', provider.callback());
  process.stdout.write(`oidc: ${issuer}\n`);
});
server.on('error', (err) => {
  process.stderr.write(`oidc: ${err.message}\n`);
  process.exit(1);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
