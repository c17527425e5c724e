import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeWorkspace, runCli } from '../support/run-cli.ts';

const fixtures = new URL('../incidents/', import.meta.url).pathname;

test('steward incidents: import history, ingest alerts from a file, list and show with similar incidents', async () => {
  const workspace = makeWorkspace({
    '.git/HEAD': '',
    '.steward.yml': 'incidents:\n  group_by: [alertname, service]\n  runbooks_dir: runbooks\n',
    'runbooks/high-latency.md':
      '---\nalerts: [HighLatency]\n---\n# Latency above the SLO\n\nCheck the slowest endpoints first.\n',
    'runbooks/disk-full.md': '# Disk full\n',
  });
  try {
    const cli = (...args: string[]) => runCli(args, { cwd: workspace.dir });
    copyFileSync(join(fixtures, 'history/fixtures/past-incidents.json'), join(workspace.dir, 'history.json'));
    const imported = await cli('incidents', 'import', 'history.json');
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /^\d+ past incident\(s\) imported, 0 updated/);
    const again = await cli('incidents', 'import', 'history.json');
    assert.match(
      again.stdout,
      /^0 past incident\(s\) imported/,
      'importing the same file again adds nothing',
    );

    copyFileSync(
      join(fixtures, 'ingest/fixtures/alertmanager-two-alerts.json'),
      join(workspace.dir, 'alerts.json'),
    );
    const ingested = await cli('incidents', 'ingest', 'alerts.json');
    assert.equal(ingested.code, 0, ingested.stderr);
    assert.match(ingested.stdout, /2 alert\(s\): \d incident\(s\) opened/);
    const id = /^ {2}([0-9a-f]{8}) {2}open/m.exec(ingested.stdout)?.[1];
    assert.ok(id, ingested.stdout);

    const list = await cli('incidents', 'list');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(id));
    assert.match(list.stdout, /\d+ alert\(s\) in, \d+ incident\(s\) out/);

    const shown = await cli('incidents', 'show', id);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`Incident ${id}: `));
    assert.match(shown.stdout, /likely cause: /);
    assert.match(shown.stdout, /Similar past incidents\n {2}\d\.\d\d {2}INC-/);
    assert.match(shown.stdout, /no model provider for tier balanced/);
    assert.match(
      shown.stdout,
      /Runbooks\n {2}high-latency\.md {2}Latency above the SLO {2}\(.*HighLatency.*\)\n\n/,
    );
    assert.doesNotMatch(shown.stdout, /disk-full\.md/);
    assert.match(
      shown.stdout,
      /Actions, best first\n {2}.+ — worked in \d+ of \d+ similar incident\(s\) within 30 min/,
    );
    const json = await cli('incidents', 'show', id, '--format', 'json');
    assert.equal((JSON.parse(json.stdout) as { incident: { id: string } }).incident.id, id);
  } finally {
    workspace.remove();
  }
});

test('steward incidents: bad files and unknown ids are named, exit 2, and nothing is stored', async () => {
  const workspace = makeWorkspace({ '.git/HEAD': '' });
  try {
    const cli = (...args: string[]) => runCli(args, { cwd: workspace.dir });
    writeFileSync(
      join(workspace.dir, 'broken.json'),
      '{"version": "4", "groupKey": "{}:{}", "alerts": [{"labels": 7}]}',
    );
    const broken = await cli('incidents', 'ingest', 'broken.json');
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /broken\.json: alertmanager payload is not valid/);
    const missing = await cli('incidents', 'ingest', 'nowhere.json');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*nowhere\.json: ENOENT/);
    writeFileSync(join(workspace.dir, 'history.csv'), 'title,services\n"Disk full",db\n');
    const history = await cli('incidents', 'import', 'history.csv');
    assert.equal(history.code, 2);
    assert.match(history.stderr, /history\.csv/);
    const unknown = await cli('incidents', 'show', 'ffffffff');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no incident has the id "ffffffff"/);
    const list = await cli('incidents', 'list', '--format', 'json');
    assert.deepEqual((JSON.parse(list.stdout) as { incidents: unknown[] }).incidents, []);
  } finally {
    workspace.remove();
  }
});
