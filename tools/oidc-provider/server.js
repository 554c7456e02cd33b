// A real OpenID provider (npm oidc-provider) laid out like a Keycloak realm, for WindFlow's SSO
// tests and bench/sso.sh: discovery at /realms/windflow/.well-known/openid-configuration and
// Keycloak-shaped claims (realm_access, resource_access, groups, preferred_username).
// Keycloak itself cannot be installed on the build machines (../../../shared/PLATFORM.md).
//
// usage: node server.js --port 18080 --app http://127.0.0.1:5000 [--secret s] [--client windflow]
import http from 'node:http';
import Provider from 'oidc-provider';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const port = Number(arg('port', '18080'));
const app = arg('app', 'http://127.0.0.1:5000');
const clientId = arg('client', 'windflow');
const secret = arg('secret', 'windflow-test-secret');
const issuer = `http://127.0.0.1:${port}/realms/windflow`;

// Users of the test realm. The login form of devInteractions takes any password: the tests prove
// WindFlow's side of the flow, not the provider's password checks.
const users = {
  alice: { groups: ['/windflow/default/operators'], realmRoles: ['offline_access'], clientRoles: [] },
  carol: { groups: [], realmRoles: ['windflow-admin'], clientRoles: ['super-admin'] },
  bob: { groups: ['/other/team'], realmRoles: [], clientRoles: [] },
  // Mapped by no configuration rule: the settings page's rule for this group is what lets her in.
  dana: { groups: ['/windflow/sso-team/operators'], realmRoles: [], clientRoles: [] },
  // The service account of the CI client (client_credentials), as Keycloak names it.
  'service-account-windflow-ci': { groups: ['/windflow/default/operators'], realmRoles: [], clientRoles: [] },
  'service-account-windflow': { groups: ['/windflow/default/operators'], realmRoles: [], clientRoles: [] },
};

const keycloakClaims = (name) => {
  const u = users[name];
  return {
    preferred_username: name,
    email: `${name}@example.test`,
    realm_access: { roles: u.realmRoles },
    resource_access: { [clientId]: { roles: u.clientRoles } },
    groups: u.groups,
  };
};

const configuration = {
  clients: [
    {
      client_id: clientId,
      client_secret: secret,
      redirect_uris: [`${app}/signin-keycloak`],
      post_logout_redirect_uris: [`${app}/login?loggedOut=1`],
      // client_credentials only so tests can get a token whose azp is WindFlow's own client.
      grant_types: ['authorization_code', 'client_credentials'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
    {
      client_id: 'windflow-ci',
      client_secret: secret,
      redirect_uris: [],
      response_types: [],
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  async findAccount(ctx, sub) {
    if (!users[sub]) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...keycloakClaims(sub) }) };
  },
  claims: {
    openid: ['sub'],
    profile: ['preferred_username'],
    email: ['email'],
    roles: ['realm_access', 'resource_access', 'groups'],
  },
  scopes: ['openid', 'profile', 'email', 'roles'],
  // Keycloak puts the mapped claims in the ID token too (its mappers' "add to ID token").
  conformIdTokenClaims: false,
  // Keycloak does not ask its own client for consent: grant what the client asks for.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email roles');
    grant.addOIDCClaims(['preferred_username', 'email', 'realm_access', 'resource_access', 'groups']);
    await grant.save();
    return grant;
  },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // Keycloak ends the session without asking when id_token_hint is valid; do the same.
      async logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html><body>${form}<script>
          const f = document.getElementById('op.logoutForm');
          const i = document.createElement('input'); i.type = 'hidden'; i.name = 'logout'; i.value = 'yes';
          f.appendChild(i); f.submit();</script></body></html>`;
      },
    },
    // Access tokens as RS256 JWTs with aud = the web client, as Keycloak's audience mapper makes them;
    // resource urn:keycloak:account gives Keycloak's default instead: aud = account, the client only in azp.
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:windflow:api',
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource) => ({
        scope: 'api', audience: resource === 'urn:keycloak:account' ? 'account' : clientId, accessTokenFormat: 'jwt', accessTokenTTL: 300,
      }),
    },
  },
  async extraTokenClaims(ctx, token) {
    const name = token.accountId ?? `service-account-${token.clientId}`;
    if (!name || !users[name]) return undefined;
    return { azp: token.clientId, ...(token.accountId ? {} : { sub: name }), ...keycloakClaims(name) };
  },
  pkce: { required: () => true },
  ttl: { IdToken: 300, AccessToken: 300, Session: 3600 },
};

const provider = new Provider(issuer, configuration);
provider.proxy = false;
// Mounted under the realm path the way Keycloak serves it; originalUrl lets the provider build its
// own URLs (form actions, redirects) with the prefix.
const prefix = '/realms/windflow';
const callback = provider.callback();
http.createServer((req, res) => {
  if (!req.url.startsWith(prefix)) {
    res.writeHead(404).end();
    return;
  }
  req.originalUrl = req.url;
  req.url = req.url.substring(prefix.length) || '/';
  callback(req, res);
}).listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
