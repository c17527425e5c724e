import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type FakeLlmServer, startFakeLlmServer } from '../../support/fake-llm-server.ts';
import { createGitRepo } from '../../support/git-repo.ts';
import { testKeys } from '../../support/meter-fixtures.ts';
import { runCli } from '../../support/run-cli.ts';

let server: FakeLlmServer;
before(async () => {
  server = await startFakeLlmServer({
    defaultReply: { kind: 'ok', text: '{"findings":[]}', usage: { input: 1500, output: 20 } },
  });
});
after(() => server.close());

test('a 5,000-file change completes within its budget, and the plan lists what was left out', async () => {
  const repo = createGitRepo();
  try {
    repo.write(
      '.steward.yml',
      `providers:\n  openai:\n    base_url: ${server.baseURL}\n  anthropic:\n    base_url: ${server.baseURL}\n`,
    );
    repo.write('README.md', '# many files\n');
    repo.commit('base');
    repo.branch('feature');
    const files: Record<string, string> = {};
    for (let index = 0; index < 5000; index++) {
      const area = ['api', 'auth', 'ui', 'jobs', 'docs'][index % 5]!;
      files[`src/${area}/module-${index}.ts`] =
        area === 'auth'
          ? `export function check${index}(token: string) {\n  if (token === process.env.ADMIN) return true;\n  return verify(token, ${index});\n}\n`
          : `export const value${index} = ${index};\n`;
    }
    repo.writeAll(files);
    repo.commit('5,000 files');

    const run = await runCli(['review', '--base', 'main', '--budget', '0.5', '--format', 'json'], {
      cwd: repo.root,
      env: { ...testKeys, STEWARD_DATA_DIR: join(repo.root, '.git', 'steward-data') },
    });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as {
      files: { inChange: number; leftOut: number };
      cost: { spentMicros: number; budgetMicros: number };
      notReviewed: { leftOut: { reason: string; unit: { risk: number } }[] };
      plan: { units: { risk: number }[] };
    };
    assert.equal(report.files.inChange, 5000);
    assert.equal(report.cost.budgetMicros, 500_000);
    assert.ok(
      report.cost.spentMicros > 0 && report.cost.spentMicros <= 500_000,
      `spent ${report.cost.spentMicros}`,
    );
    assert.ok(report.files.leftOut > 0, 'a $0.50 budget cannot cover 5,000 files');
    assert.ok(report.notReviewed.leftOut.every((entry) => /left out to fit the budget/.test(entry.reason)));
    // The riskiest units were kept: nothing left out is riskier than anything reviewed.
    const lowestKept = Math.min(...report.plan.units.map((unit) => unit.risk));
    assert.ok(report.notReviewed.leftOut.every((entry) => entry.unit.risk <= lowestKept));
    assert.equal(server.requests.length, report.plan.units.length);
  } finally {
    repo.cleanup();
  }
});
