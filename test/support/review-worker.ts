// A separate OS process that starts several `steward review` runs at once, for single-flight tests.
// Input (environment): WORKER_ARGS (JSON array of CLI arguments), WORKER_COUNT, WORKER_CWD, and the
// variables the CLI reads. Output: one JSON line on stdout: { "codes": [...], "outputs": [...] }.
import { main } from '../../src/cli/main.ts';

const args = JSON.parse(process.env.WORKER_ARGS ?? '[]') as string[];
const count = Number(process.env.WORKER_COUNT ?? '1');
const runs = await Promise.all(
  Array.from({ length: count }, async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(args, {
      cwd: process.env.WORKER_CWD ?? process.cwd(),
      env: process.env,
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    });
    return { code, stdout, stderr };
  }),
);
process.stdout.write(
  `${JSON.stringify({ codes: runs.map((run) => run.code), outputs: runs.map((run) => run.stdout), errors: runs.map((run) => run.stderr) })}\n`,
);
