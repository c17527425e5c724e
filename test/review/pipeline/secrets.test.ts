import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type FakeLlmServer, startFakeLlmServer } from '../../support/fake-llm-server.ts';
import { createGitRepo } from '../../support/git-repo.ts';
import { testKeys } from '../../support/meter-fixtures.ts';
import { runCli } from '../../support/run-cli.ts';
import { corpus } from '../redact/corpus.ts';

let server: FakeLlmServer;
before(async () => {
  server = await startFakeLlmServer({
    defaultReply: { kind: 'ok', text: '{"findings":[]}', usage: { input: 1000, output: 20 } },
  });
});
after(() => server.close());

const filler = (index: number) => `const value${index} = compute(${index});`;

test('no request to the provider contains a planted secret, and each added secret is a finding', async () => {
  const repo = createGitRepo();
  try {
    repo.write(
      '.steward.yml',
      `providers:\n  openai:\n    base_url: ${server.baseURL}\n  anthropic:\n    base_url: ${server.baseURL}\nreview:\n  batch:\n    max_files: 3\n`,
    );
    // Secrets that the change removes or only shows as context are in the base.
    const planted = corpus.filter(
      (entry) => entry.side === 'added' || entry.side === 'removed' || entry.side === 'context',
    );
    planted.forEach((entry, index) => {
      if (entry.side === 'added') return;
      const text = entry.template.replace('{secret}', entry.secret);
      repo.write(`base/${index}-${entry.path}`, `${filler(1)}\n${text}\n${filler(2)}\n`);
    });
    repo.commit('base');
    repo.branch('feature');
    planted.forEach((entry, index) => {
      const text = entry.template.replace('{secret}', entry.secret);
      const path = `base/${index}-${entry.path}`;
      if (entry.side === 'added')
        repo.write(`added/${index}-${entry.path}`, `${filler(1)}\n${text}\n${filler(2)}\n`);
      else if (entry.side === 'removed') repo.write(path, `${filler(1)}\n${filler(2)}\n`);
      else repo.write(path, `${filler(1)}\n${text}\n${filler(3)}\n`);
    });
    repo.commit('feature');

    const run = await runCli(['review', '--base', 'main', '--format', 'json'], {
      cwd: repo.root,
      env: { ...testKeys, STEWARD_DATA_DIR: join(repo.root, '.git', 'steward-data') },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(server.requests.length > 0);
    const sent = JSON.stringify(server.requests.map((request) => request.body));
    for (const entry of planted) {
      for (const line of entry.secret.split('\n')) {
        const piece = line.trim();
        if (piece.length < 12 || /^-----(BEGIN|END)/.test(piece)) continue;
        assert.ok(!sent.includes(piece), `${entry.id} reached the provider`);
        for (let start = 0; start + 16 <= piece.length; start++) {
          assert.ok(
            !sent.includes(piece.slice(start, start + 16)),
            `${entry.id}: part of it reached the provider`,
          );
        }
      }
    }
    const report = JSON.parse(run.stdout) as { findings: { path: string; foundBy: string; route: string }[] };
    const secretFindings = report.findings.filter((finding) => finding.foundBy === 'secret-scan');
    const added = planted.filter((entry) => entry.side === 'added');
    assert.equal(secretFindings.length, added.length);
    assert.ok(
      secretFindings.every((finding) => finding.route === 'post' && finding.path.startsWith('added/')),
    );
    assert.ok(!run.stdout.includes(added[0]!.secret), 'the report does not repeat a secret');
  } finally {
    repo.cleanup();
  }
});

test('a secret in a file the review skips is still reported, and the file is still not sent', async () => {
  const repo = createGitRepo();
  try {
    repo.write(
      '.steward.yml',
      `providers:\n  openai:\n    base_url: ${server.baseURL}\n  anthropic:\n    base_url: ${server.baseURL}\n`,
    );
    repo.write('src/app.ts', 'export const app = 1;\n');
    repo.commit('base');
    repo.branch('feature');
    const token = corpus.find((entry) => entry.id === 'github-classic-token')!.secret;
    repo.write('vendor/sdk/client.js', `module.exports = { token: '${token}' };\n`);
    repo.write('src/app.ts', 'export const app = 2;\n');
    repo.commit('feature');
    const before = server.requests.length;
    const run = await runCli(['review', '--base', 'main', '--format', 'json'], {
      cwd: repo.root,
      env: { ...testKeys, STEWARD_DATA_DIR: join(repo.root, '.git', 'steward-data') },
    });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as {
      findings: { path: string; foundBy: string }[];
      notReviewed: { skipped: { path: string; reason: string }[] };
    };
    assert.deepEqual(
      report.findings.filter((finding) => finding.foundBy === 'secret-scan').map((finding) => finding.path),
      ['vendor/sdk/client.js'],
    );
    assert.ok(report.notReviewed.skipped.some((entry) => entry.path === 'vendor/sdk/client.js'));
    const sent = JSON.stringify(server.requests.slice(before).map((request) => request.body));
    assert.ok(!sent.includes('vendor/sdk/client.js') && !sent.includes(token));
  } finally {
    repo.cleanup();
  }
});
