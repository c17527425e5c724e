import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  formatRunbookProblem,
  type LoadedRunbooks,
  loadRunbooks,
  matchRunbooks,
  RunbooksDirError,
} from '../../../src/incidents/runbooks/index.ts';

const files: Record<string, string> = {
  'db-failover.md': [
    '---',
    'title: Fail over a PostgreSQL primary',
    'alerts: [PostgresqlDown, PostgresqlReplicationLag]',
    'labels: { service: db, env: prod }',
    'services: [db, users-db]',
    'owner: data-platform',
    '---',
    '# Ignored heading',
    'Promote the replica.',
  ].join('\n'),
  'high-latency.md': '# API latency is high\n\nCheck the last deploy.\n',
  'db/failover.md':
    '---\nalerts: PostgresqlDown\n---\n```\n# not a heading\n```\n# Database failover (per cluster)\n',
  'cache/failover.md': 'No heading at all.\n',
  'k8s/node_not_ready.markdown': '---\nlabels:\n  severity: critical\n---\nNodes.\n',
  'broken-yaml.md': '---\ntitle: Broken\nalerts: [A, B\nlabels: {}\n---\nbody\n',
  'bad-types.md': '---\ntitle: Bad types\nalerts: [A]\nlabels:\n  - service\n  - db\n---\nbody\n',
  'unclosed.md': '---\ntitle: never closed\n',
  '.drafts/secret.md': '# Draft\n',
  'notes.txt': 'not Markdown',
};

let dir: string;
let loaded: LoadedRunbooks;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steward-runbooks-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  loaded = await loadRunbooks(dir);
});
after(() => rm(dir, { recursive: true, force: true }));

describe('loadRunbooks', () => {
  test('loads Markdown files with front matter, title from front matter, heading or file name', () => {
    assert.deepEqual(
      loaded.runbooks.map((runbook) => [runbook.path, runbook.title]),
      [
        ['cache/failover.md', 'failover'],
        ['db-failover.md', 'Fail over a PostgreSQL primary'],
        ['db/failover.md', 'Database failover (per cluster)'],
        ['high-latency.md', 'API latency is high'],
        ['k8s/node_not_ready.markdown', 'node_not_ready'],
      ],
    );
    const failover = loaded.runbooks.find((runbook) => runbook.path === 'db-failover.md')!;
    assert.deepEqual(failover.alerts, ['PostgresqlDown', 'PostgresqlReplicationLag']);
    assert.deepEqual(failover.labels, { service: 'db', env: 'prod' });
    assert.deepEqual(failover.services, ['db', 'users-db']);
    assert.equal(failover.body, '# Ignored heading\nPromote the replica.');
    assert.equal(failover.file, join(dir, 'db-failover.md'));
    assert.deepEqual(loaded.runbooks.find((runbook) => runbook.path === 'db/failover.md')!.alerts, [
      'PostgresqlDown',
    ]);
  });

  test('bad front matter is reported with the file and line; the other runbooks still load', () => {
    const problems = loaded.problems.map(formatRunbookProblem);
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.ok(
      problems.some((problem) => /^broken-yaml\.md:[34]: YAML syntax: /.test(problem)),
      problems.join('\n'),
    );
    assert.ok(
      problems.includes('bad-types.md:5: labels: expected a mapping of label names to values'),
      problems.join('\n'),
    );
    assert.ok(
      problems.includes('unclosed.md:1: front matter starts with --- but has no closing --- line'),
      problems.join('\n'),
    );
  });

  test('a folder that cannot be read is an error', async () => {
    await assert.rejects(loadRunbooks(join(dir, 'missing')), RunbooksDirError);
  });
});

describe('matchRunbooks', () => {
  const match = (labels: Record<string, string>, annotations: Record<string, string> = {}) =>
    matchRunbooks(loaded.runbooks, { labels, annotations });

  test('runbook_url naming a file name', () => {
    assert.deepEqual(match({}, { runbook_url: 'https://wiki.example.com/runbooks/db-failover.md' }), [
      {
        runbook: { path: 'db-failover.md', title: 'Fail over a PostgreSQL primary' },
        reason: 'runbook_url names db-failover.md',
      },
    ]);
    assert.deepEqual(
      match({}, { runbook_url: 'https://wiki.example.com/ops/high-latency?version=3#steps' }).map(
        (found) => found.reason,
      ),
      ['runbook_url names high-latency.md'],
    );
  });

  test('runbook_url naming a relative path wins over runbooks that only share the file name', () => {
    assert.deepEqual(
      match({}, { runbook_url: 'https://github.com/acme/ops/blob/main/runbooks/db/failover.md' }),
      [
        {
          runbook: { path: 'db/failover.md', title: 'Database failover (per cluster)' },
          reason: 'runbook_url names db/failover.md',
        },
      ],
    );
    assert.deepEqual(
      match({}, { runbook_url: 'https://wiki.example.com/x/failover' }).map((found) => found.runbook.path),
      ['cache/failover.md', 'db/failover.md'],
    );
  });

  test('alertname in front matter alerts, or equal to the file name with case and -/_ folded', () => {
    assert.deepEqual(match({ alertname: 'HighLatency' }), [
      {
        runbook: { path: 'high-latency.md', title: 'API latency is high' },
        reason: 'alertname HighLatency (file name high-latency.md)',
      },
    ]);
    assert.deepEqual(
      match({ alertname: 'NodeNotReady' }).map((found) => found.reason),
      ['alertname NodeNotReady (file name node_not_ready.markdown)'],
    );
    assert.deepEqual(
      match({ alertname: 'postgresql_down' }).map((found) => [found.runbook.path, found.reason]),
      [
        ['db-failover.md', 'alertname postgresql_down'],
        ['db/failover.md', 'alertname postgresql_down'],
      ],
    );
  });

  test('labels all equal, and the service label; every reason once per runbook, best first', () => {
    const found = match(
      { alertname: 'PostgresqlReplicationLag', service: 'db', env: 'prod', severity: 'critical' },
      { runbook_url: 'https://wiki.example.com/runbooks/high-latency.md' },
    );
    assert.deepEqual(found, [
      {
        runbook: { path: 'high-latency.md', title: 'API latency is high' },
        reason: 'runbook_url names high-latency.md',
      },
      {
        runbook: { path: 'db-failover.md', title: 'Fail over a PostgreSQL primary' },
        reason: 'alertname PostgresqlReplicationLag; labels service=db, env=prod; service db',
      },
      {
        runbook: { path: 'k8s/node_not_ready.markdown', title: 'node_not_ready' },
        reason: 'labels severity=critical',
      },
    ]);
    assert.deepEqual(
      match({ service: 'db', env: 'staging' }).map((entry) => entry.reason),
      ['service db'],
    );
    assert.deepEqual(
      matchRunbooks(
        loaded.runbooks,
        { labels: { app: 'users-db' }, annotations: {} },
        { serviceLabel: 'app' },
      ).map((entry) => entry.reason),
      ['service users-db'],
    );
    assert.deepEqual(match({ alertname: 'Unrelated' }), []);
  });
});
