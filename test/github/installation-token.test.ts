import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createGitHubClients } from '../../src/github/index.ts';
import { type FakeGitHubServer, startFakeGitHubServer } from '../support/fake-github-server.ts';
import { testGitHubApp } from '../support/github-app-fixture.ts';

const app = testGitHubApp(777);
let github: FakeGitHubServer;
before(async () => {
  github = await startFakeGitHubServer({ app: { id: app.id, publicKeyPem: app.publicKeyPem } });
  github.setFile('acme/tokens', 'README.md', 'hello\n');
});
after(async () => {
  await github.close();
});

const appEnv = () => ({
  GITHUB_APP_ID: String(app.id),
  GITHUB_PRIVATE_KEY: app.privateKeyPem,
  GITHUB_API_URL: github.url,
});
const read = (octokit: ReturnType<ReturnType<typeof createGitHubClients>['forInstallation']>) =>
  octokit.rest.repos.getContent({ owner: 'acme', repo: 'tokens', path: 'README.md' });

test('an installation token is bought once and reused until five minutes before it expires', async () => {
  let offset = 0;
  const clients = createGitHubClients({ env: appEnv(), now: () => Date.now() + offset });
  assert.equal(clients.mode, 'app');
  const before = github.issuedTokens;
  await read(clients.forInstallation(1));
  await read(clients.forInstallation(1));
  assert.equal(github.issuedTokens - before, 1, 'the second request reuses the token');
  offset = 54 * 60_000;
  await read(clients.forInstallation(1));
  assert.equal(github.issuedTokens - before, 1, 'six minutes before expiry it is still good');
  offset = 56 * 60_000;
  await read(clients.forInstallation(1));
  assert.equal(github.issuedTokens - before, 2, 'four minutes before expiry a new one is bought');
  await read(clients.forInstallation(2));
  assert.equal(github.issuedTokens - before, 3, 'each installation has its own token');
  const exchange = github.requests.filter((request) => request.path.startsWith('/app/installations/'));
  assert.equal(exchange.length, 3);
  assert.ok(
    exchange.every((request) => /^bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(request.headers.authorization ?? '')),
  );
});

test('without App settings, GITHUB_TOKEN serves every installation; without either, the error names both', () => {
  const token = createGitHubClients({ env: { GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url } });
  assert.equal(token.mode, 'token');
  assert.equal(token.forInstallation(1), token.forInstallation(2));
  const none = createGitHubClients({ env: {} });
  assert.throws(() => none.forInstallation(1), /GITHUB_TOKEN is not set/);
  const app = createGitHubClients({ env: appEnv() });
  assert.throws(() => app.forInstallation(undefined), /no GitHub App installation on record/);
});
