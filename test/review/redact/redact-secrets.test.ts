import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileChange } from '../../../src/review/change-set.ts';
import { redactSecrets } from '../../../src/review/redact/index.ts';
import { change } from '../filter/file-change.ts';
import { changeSetOf, corpus, plantedChange, secretLine, survivingPiece } from './corpus.ts';

test('the corpus plants every kind of secret the redaction must handle', () => {
  assert.equal(corpus.length, 25);
  for (const entry of corpus) assert.ok(entry.secret.length >= 12, entry.id);
  assert.equal(new Set(corpus.map((entry) => entry.path)).size, corpus.length);
});

test('no planted secret, nor any 12-character piece of one, survives anywhere in the redacted change set', async () => {
  const result = await redactSecrets(corpus.map(plantedChange));
  const json = JSON.stringify({ changeSet: changeSetOf(result.files), findings: result.findings });
  for (const entry of corpus) {
    assert.ok(!json.includes(entry.secret), `${entry.id} survived whole`);
    for (const line of entry.secret.split('\n'))
      assert.ok(!json.includes(line), `${entry.id}: a line survived`);
    const piece = survivingPiece(json, entry.secret);
    assert.equal(piece, undefined, `${entry.id}: "${piece}" survived`);
  }
});

test('every secret on an added line has exactly one finding, on its lines, that never echoes it', async () => {
  const result = await redactSecrets(corpus.map(plantedChange));
  for (const entry of corpus.filter((each) => each.side === 'added')) {
    const findings = result.findings.filter((finding) => finding.path === entry.path);
    assert.equal(findings.length, 1, `${entry.id}: ${findings.map((finding) => finding.title).join(', ')}`);
    const [finding] = findings;
    const lineCount = entry.template.replace('{secret}', entry.secret).split('\n').length;
    assert.deepEqual(
      {
        startLine: finding!.startLine,
        endLine: finding!.endLine,
        title: finding!.title,
        severity: finding!.severity,
        category: finding!.category,
        confidence: finding!.confidence,
        foundBy: finding!.foundBy,
      },
      {
        startLine: secretLine,
        endLine: secretLine + lineCount - 1,
        title: entry.title,
        severity: entry.severity,
        category: 'security',
        confidence: 1,
        foundBy: 'secret-scan',
      },
      entry.id,
    );
    assert.match(finding!.explanation, /rotate it/);
    assert.equal(survivingPiece(JSON.stringify(finding), entry.secret), undefined, entry.id);
  }
  assert.equal(result.findings.length, corpus.filter((entry) => entry.side === 'added').length);
});

test('secrets on removed lines, context lines and section headers are redacted but give no finding', async () => {
  for (const entry of corpus.filter((each) => each.side !== 'added')) {
    const file = plantedChange(entry);
    const result = await redactSecrets([file]);
    assert.deepEqual(result.findings, [], entry.id);
    const hunk = result.files[0]!.hunks[0]!;
    const text = [hunk.section, ...hunk.lines].join('\n');
    assert.equal(survivingPiece(text, entry.secret), undefined, entry.id);
    assert.match(text, new RegExp(`\\[REDACTED:${entry.kind}\\]`), entry.id);
  }
});

test('placeholders are stable: same input, same output; same secret, same placeholder; redaction is idempotent', async () => {
  const files = corpus.map(plantedChange);
  const first = await redactSecrets(files);
  const second = await redactSecrets(files);
  assert.deepEqual(second, first);
  const again = await redactSecrets(first.files);
  assert.deepEqual(again.files, first.files);
  assert.deepEqual(again.findings, []);

  const token = corpus.find((entry) => entry.id === 'github-classic-token')!.secret;
  const moved = change('scripts/env.sh', {
    status: 'modified',
    lines: [`-export GITHUB_TOKEN=${token}`, `+export GH_TOKEN=${token} # renamed`],
  });
  const [redacted] = (await redactSecrets([moved])).files;
  assert.deepEqual(redacted!.hunks[0]!.lines, [
    '-export GITHUB_TOKEN=[REDACTED:github-token]',
    '+export GH_TOKEN=[REDACTED:github-token] # renamed',
  ]);
  assert.equal(files[0]!.hunks[0]!.lines.join('\n').includes('[REDACTED'), false, 'the input is not changed');
});

test('every line of a private key is redacted, also when the hunk shows only part of it', async () => {
  const key = corpus.find((entry) => entry.id === 'pem-rsa-private-key')!.secret;
  const keyLines = key.split('\n');
  const body = keyLines.slice(1, -1);
  const cases: [string, FileChange][] = [
    [
      'BEGIN in the context, body added, END beyond the hunk',
      change('certs/a.txt', {
        status: 'modified',
        newStart: 1,
        lines: [
          ` ${keyLines[0]}`,
          ...body.slice(0, 6).map((line) => `+${line}`),
          ...body.slice(6, 9).map((line) => ` ${line}`),
        ],
      }),
    ],
    [
      'END only, the body before it removed and added',
      change('certs/b.txt', {
        status: 'modified',
        newStart: 20,
        lines: [
          ...body.slice(-6, -3).map((line) => ` ${line}`),
          ...body.slice(-3).map((line) => `-${line}`),
          ...body.slice(-3).map((line) => `+${line}`),
          ` ${keyLines.at(-1)}`,
        ],
      }),
    ],
    [
      'the middle of a key file, no marker in sight',
      change('deploy/server.pem', {
        status: 'modified',
        newStart: 8,
        lines: [
          ...body.slice(8, 11).map((line) => ` ${line}`),
          `-${body[11]}`,
          `+${body[12]}`,
          ...body.slice(13, 16).map((line) => ` ${line}`),
        ],
      }),
    ],
    [
      'a key on one line of JSON, with \\n escapes',
      change('config/service-account.json', {
        lines: [
          '+{',
          `+  "private_key": "${key.replaceAll('\n', '\\n')}\\n",`,
          '+  "client_email": "svc@project.iam.example.com"',
          '+}',
        ],
      }),
    ],
  ];
  for (const [name, file] of cases) {
    const [redacted] = (await redactSecrets([file])).files;
    const text = redacted!.hunks.flatMap((hunk) => [hunk.section, ...hunk.lines]).join('\n');
    for (const line of body) assert.ok(!text.includes(line.slice(8, 40)), `${name}: ${line}`);
    assert.ok(text.includes('[REDACTED:private-key]'), name);
  }
  const [json] = (await redactSecrets([cases[3]![1]])).files;
  assert.equal(json!.hunks[0]!.lines[2], '+  "client_email": "svc@project.iam.example.com"');
  const findings = (await redactSecrets([cases[0]![1], cases[3]![1]])).findings;
  assert.deepEqual(
    findings.map((finding) => [finding.path, finding.startLine, finding.endLine, finding.title]),
    [
      ['certs/a.txt', 2, 7, 'Private key committed'],
      ['config/service-account.json', 2, 2, 'Private key committed'],
    ],
  );
});

test('a secretlint-disable comment in the diff does not keep a secret from redaction', async () => {
  const token = corpus.find((entry) => entry.id === 'slack-bot-token')!.secret;
  const file = change('src/bot.ts', {
    lines: [
      '+// secretlint-disable',
      `+const slack = "${token}"; // secretlint-disable-line`,
      '+// secretlint-enable',
    ],
  });
  const result = await redactSecrets([file]);
  assert.equal(
    result.files[0]!.hunks[0]!.lines[1],
    '+const slack = "[REDACTED:slack-token]"; // secretlint-disable-line',
  );
  assert.equal(result.findings.length, 1);
});

test('two secrets on one line and secrets in several hunks each get their own finding', async () => {
  const aws = corpus.find((entry) => entry.id === 'aws-access-key-id')!.secret;
  const awsSecret = corpus.find((entry) => entry.id === 'aws-secret-access-key')!.secret;
  const github = corpus.find((entry) => entry.id === 'github-classic-token')!.secret;
  const file: FileChange = {
    path: 'src/settings.py',
    status: 'modified',
    binary: false,
    additions: 3,
    deletions: 1,
    hunks: [
      {
        oldStart: 3,
        oldLines: 3,
        newStart: 3,
        newLines: 4,
        section: 'class Settings:',
        lines: [' import os', `+AWS = ("${aws}", "${awsSecret}")`, ' ', '-DEBUG = True', '+DEBUG = False'],
      },
      {
        oldStart: 40,
        oldLines: 1,
        newStart: 41,
        newLines: 2,
        section: 'def token():',
        lines: ['     return os.environ["TOKEN"]', `+    fallback = "${github}"`],
      },
    ],
  };
  const result = await redactSecrets([file]);
  assert.deepEqual(
    result.findings.map((finding) => [finding.startLine, finding.title]),
    [
      [4, 'AWS access key committed'],
      [4, 'AWS secret access key committed'],
      [42, 'GitHub token committed'],
    ],
  );
  assert.equal(
    result.files[0]!.hunks[0]!.lines[1],
    '+AWS = ("[REDACTED:aws-access-key]", "[REDACTED:aws-secret-key]")',
  );
});

test('ordinary code is left alone: ids, hashes, lock files, env lookups, types and test placeholders', async () => {
  const files = [
    change('src/user.ts', {
      lines: [
        "+const id = '3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e9b0c3d';",
        "+const commit = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';",
        "+const checksum = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';",
        '+const apiKey = process.env.API_KEY;',
        '+const token = request.headers.authorization;',
        '+export interface Credentials { password: string; apiKey?: string; token: string | undefined }',
        "+const label = { password: 'Password', token: 'Access token' };",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: text under test
        '+headers.Authorization = `Bearer ${token}`;',
        "+const url = 'https://api.example.com/v1/users?page=2';",
        "+const STORAGE_KEY = 'authTokenStorageKey';",
        "+const tokenizer = new Tokenizer('cl100k_base');",
        "+const example = 'AKIAIOSFODNN7EXAMPLE';",
      ],
    }),
    change('test/login.test.ts', {
      lines: [
        "+const password = 'test-password';",
        "+const apiKey = 'fake-api-key';",
        "+const token = 'dummy-token-for-tests';",
        "+const secret = 'changeme';",
        "+await login({ username: 'alice', password: 'hunter2' });",
      ],
    }),
    change('.env.example', {
      lines: [
        '+API_KEY=changeme',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: text under test
        '+SECRET=${SECRET}',
        '+TOKEN=<your-token>',
        '+export GITHUB_TOKEN=$GITHUB_TOKEN',
        '+DATABASE_URL=postgres://user:password@localhost:5432/app',
        '+REDIS_URL=redis://localhost:6379',
        '+PASSWORD=',
        '+SESSION_TTL=3600',
      ],
    }),
    change('.github/workflows/ci.yml', {
      lines: [
        '+        env:',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: text under test
        '+          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: text under test
        '+          password: ${{ secrets.DB_PASSWORD }}',
      ],
    }),
    change('package-lock.json', {
      lines: [
        '+      "resolved": "https://registry.npmjs.org/zod/-/zod-4.1.0.tgz",',
        '+      "integrity": "sha512-7cP2qOW6ZbNPaEi8nG3ftb1sLZ1tCvMRN2h5uRjQqVZYt3xBG8Z6K4Q3pQy1ttv6U3xO6uQ8L3r8w3kQ0P6m2A==",',
      ],
    }),
    change('go.sum', {
      lines: ['+golang.org/x/crypto v0.21.0 h1:X31++rzVUdKhX5sWmSOFZxx8UW/ldWx55cbf08iNAMA='],
    }),
    change('src/styles.css', {
      lines: [
        '+.logo { background: url(data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==); }',
      ],
    }),
    change('docs/keys.md', {
      lines: [
        '+Put your key in `~/.ssh/id_ed25519` and never commit `-----BEGIN OPENSSH PRIVATE KEY-----` blocks.',
      ],
    }),
  ];
  const result = await redactSecrets(files);
  assert.deepEqual(result.findings, []);
  for (const [index, file] of result.files.entries()) assert.deepEqual(file, files[index], file.path);
});

test('secrets that read as examples are redacted but not reported', async () => {
  const padded = `gh${'p'}_PersonalAccessToken01245678900000000`;
  const jwtSample = [
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
    'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
    'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  ].join('.');
  const file = change('docs/auth.md', {
    lines: [
      `+const auth = createTokenAuth("${padded}");`,
      `+const jwt = "${jwtSample}";`,
      "+const pool = new Pool('postgres://someuser:somepassword@somehost:5432/db');",
      '+DEMO_API_KEY="sk_test_example0000000000000000"',
    ],
  });
  const result = await redactSecrets([file]);
  assert.deepEqual(result.findings, []);
  assert.deepEqual(result.files[0]!.hunks[0]!.lines, [
    '+const auth = createTokenAuth("[REDACTED:github-token]");',
    '+const jwt = "[REDACTED:jwt]";',
    "+const pool = new Pool('postgres://someuser:[REDACTED:database-password]@somehost:5432/db');",
    '+DEMO_API_KEY="[REDACTED:stripe-key]"',
  ]);
});

test('long lines are scanned in windows: a token across a window boundary is still found', async () => {
  const token = corpus.find((entry) => entry.id === 'github-classic-token')!.secret;
  for (const at of [4090, 4096 * 3 - 1024 - 20, 50_000]) {
    const line = `${'a=1;'.repeat(at / 4)}x="${token}";${'b=2;'.repeat(5000)}`;
    const result = await redactSecrets([change('dist-free/app.js', { lines: [`+${line}`] })]);
    const redacted = result.files[0]!.hunks[0]!.lines[0]!;
    assert.equal(survivingPiece(redacted, token), undefined, `at ${at}`);
    assert.equal(result.findings.length, 1, `at ${at}`);
    assert.equal(redacted.length, line.length + 1 - token.length + '[REDACTED:github-token]'.length);
  }
});

test('text beyond the first million characters of a line is not scanned and is replaced', async () => {
  const line = `+${'x'.repeat(1_000_000)}tail that was never scanned`;
  const result = await redactSecrets([change('data/huge.txt', { lines: [line] })]);
  const redacted = result.files[0]!.hunks[0]!.lines[0]!;
  assert.equal(redacted, `+${'x'.repeat(1_000_000)}[REDACTED:unscanned-text]`);
  assert.deepEqual(result.findings, []);
});

test('pathological lines cost little: every pattern is bounded', async () => {
  const lines = [
    'a'.repeat(300_000),
    `eyJ${'a'.repeat(100_000)}.eyJ${'b'.repeat(100_000)}`,
    `password=${'x'.repeat(100_000)}`,
    `-----BEGIN RSA PRIVATE KEY-----${'A'.repeat(100_000)}`,
    `postgres://${'a:'.repeat(50_000)}`,
    'key = "'.repeat(20_000),
    `${'A'.repeat(20)}AKIA${'B'.repeat(100_000)}`,
    `Bearer ${'+'.repeat(100_000)}`,
  ];
  const files = lines.map((line, index) => change(`data/line${index}.txt`, { lines: [`+${line}`] }));
  const redacted = await redactSecrets(files);
  assert.equal(redacted.files.length, files.length);
});

test('redacting 5,000 files of 40 changed lines finds each planted token once', async () => {
  const code = [
    "import { readFile } from 'node:fs/promises';",
    'export async function loadUser(id: string): Promise<User | undefined> {',
    '  const row = await store.get(id); // the cached row',
    '  if (row === undefined) return undefined;',
    "  return { id: row.id, name: row.name, email: row.email, url: 'https://example.com/u/' + row.id };",
    '}',
    '  for (const item of items) total += item.price * item.quantity;',
    "  logger.debug('loaded', { count: items.length, key: cacheKey });",
    '  const token = await session.refresh(request.headers.authorization);',
    '  const sorted = [...items].sort((a, b) => a.name.localeCompare(b.name));',
  ];
  const token = corpus.find((entry) => entry.id === 'github-classic-token')!.secret;
  const files: FileChange[] = [];
  for (let index = 0; index < 5000; index++) {
    const lines = Array.from(
      { length: 40 },
      (_, line) => `${'+- '[line % 3]}${code[(index + line) % code.length]}`,
    );
    if (index % 1000 === 0) lines[5] = `+const fallback = "${token}";`;
    files.push(change(`src/module${index}/file.ts`, { status: 'modified', lines }));
  }
  let findings = 0;
  findings = (await redactSecrets(files)).findings.length;
  assert.equal(findings, 5);
});
