import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileChange } from '../../../src/review/change-set.ts';
import { lineSignals, scoreFile } from '../../../src/review/score/index.ts';
import { change } from '../filter/file-change.ts';

const none = { criticalPaths: [] };

function added(path: string, code: string[]): FileChange {
  return change(path, { lines: code.map((line) => `+${line}`) });
}

function score(path: string, code: string[], criticalPaths: string[] = []) {
  return scoreFile(added(path, code), { criticalPaths });
}

test('security-sensitive calls are recognised across languages', () => {
  const cases: [string, string][] = [
    ["const digest = createHash('md5').update(body).digest('hex');", 'crypto'],
    ['digest = hashlib.sha256(data).hexdigest()', 'crypto'],
    ['const hashed = await bcrypt.hash(password, 10);', 'crypto'],
    ['Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding");', 'crypto'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source code under test
    ['const rows = await db.query(`SELECT * FROM users WHERE id = ${id}`);', 'sql'],
    ['cursor.execute(f"DELETE FROM orders WHERE id = {order_id}")', 'sql'],
    ["const sql = 'UPDATE accounts SET balance = ' + amount;", 'sql'],
    ['await prisma.$queryRawUnsafe(query);', 'sql'],
    ["knex.raw('select 1')", 'sql'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source code under test
    ['exec(`git checkout ${branch}`, callback);', 'shell exec'],
    ["import { execSync } from 'node:child_process';", 'shell exec'],
    ['subprocess.run(command, shell=True)', 'shell exec'],
    ['os.system("rm -rf " + path)', 'shell exec'],
    ['cmd := exec.Command("sh", "-c", input)', 'shell exec'],
    ['Runtime.getRuntime().exec(command);', 'shell exec'],
    ['const result = eval(expression);', 'eval / deserialisation'],
    ["const fn = new Function('a', body);", 'eval / deserialisation'],
    ['obj = pickle.loads(payload)', 'eval / deserialisation'],
    ['config = yaml.load(stream)', 'eval / deserialisation'],
    ['$data = unserialize($_COOKIE["state"]);', 'eval / deserialisation'],
    ['const message = JSON.parse(req.body);', 'eval / deserialisation'],
    ['element.innerHTML = comment.text;', 'html injection'],
    ['<div dangerouslySetInnerHTML={{ __html: html }} />', 'html injection'],
    ['<p v-html="bio"></p>', 'html injection'],
    ['const file = fs.readFileSync(path.join(root, req.params.name));', 'file path from input'],
    ['res.sendFile(req.query.file);', 'file path from input'],
    ['if (!user.isAdmin) throw new ForbiddenError();', 'auth logic'],
    ["session.regenerate(() => res.cookie('sid', id));", 'auth logic'],
    ['@PreAuthorize("hasRole(\'ADMIN\')")', 'auth logic'],
  ];
  for (const [line, signal] of cases)
    assert.ok(lineSignals(line, true).includes(signal as never), `${signal}: ${line}`);
});

test('ordinary code does not look security-sensitive', () => {
  const lines = [
    'const match = /^v(\\d+)/.exec(tag);',
    "logger.info('Waiting for input from the user');",
    "const label = 'Select a file from the list';",
    'config = yaml.load(stream, Loader=yaml.SafeLoader)',
    'const total = items.reduce((sum, item) => sum + item.price, 0);',
    'const tokens = tokenizer.encode(text);',
    'return this.render(props);',
    "const route = '/api/users';",
  ];
  const security = [
    'crypto',
    'sql',
    'shell exec',
    'eval / deserialisation',
    'html injection',
    'file path from input',
    'auth logic',
  ];
  for (const line of lines) {
    const found = lineSignals(line, true).filter((signal) => security.includes(signal));
    assert.deepEqual(found, [], line);
  }
  assert.deepEqual(lineSignals("logger.info('Waiting for input');", true), []);
});

test('definitions, imports and control flow are recognised in common languages', () => {
  const definitions = [
    'export async function handle(request: Request): Promise<Response> {',
    'export default class Parser {',
    'const toSlug = (text: string) => text.toLowerCase();',
    '  async refresh(token) {',
    'def parse(self, text):',
    'class Invoice(Base):',
    'func (s *Server) Start(ctx context.Context) error {',
    'pub fn parse(input: &str) -> Result<Ast, Error> {',
    '    public static void main(String[] args) {',
    '    private suspend fun load(id: Long): User {',
    'export interface Options {',
    'type Handler = (event: Event) => void;',
  ];
  for (const line of definitions) assert.ok(lineSignals(line, true).includes('definitions'), line);
  const imports = [
    "import { z } from 'zod';",
    "const fs = require('node:fs');",
    'from django.db import models',
    '#include <stdio.h>',
    'use std::collections::HashMap;',
    'using System.Text;',
  ];
  for (const line of imports) assert.ok(lineSignals(line, true).includes('imports'), line);
  const flow = [
    'if (user == null) {',
    '} catch (error) {',
    'for item in items:',
    'await save(record);',
    'throw new Error("x");',
  ];
  for (const line of flow) assert.ok(lineSignals(line, true).includes('control flow'), line);
  for (const line of ['  if (x) {', '  } else if (y) {', '  for (const a of b) {', '  return call(a) + 1;']) {
    assert.ok(!lineSignals(line, true).includes('definitions'), line);
  }
});

test('risk grows with size and signals, and stays within 0..1', () => {
  const plain = (count: number) => Array.from({ length: count }, (_, index) => `total += values[${index}];`);
  const one = score('src/a.ts', plain(1)).risk;
  const ten = score('src/a.ts', plain(10)).risk;
  const hundred = score('src/a.ts', plain(100)).risk;
  const huge = score('src/a.ts', plain(20_000)).risk;
  assert.ok(one < ten && ten < hundred && hundred <= huge, `${one} ${ten} ${hundred} ${huge}`);
  assert.equal(huge, 0.4);
  assert.ok(one < 0.1);

  const everything = score('src/auth/session.ts', [
    "import { exec } from 'node:child_process';",
    'export function run(request) {',
    '  if (!request.user.isAdmin) throw new Error();',
    '  exec(request.body.command);',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source code under test
    '  db.query(`SELECT * FROM t WHERE id = ${request.params.id}`);',
    '  element.innerHTML = eval(request.body.html);',
    '  return createHash("sha1").update(fs.readFileSync(request.query.file)).digest();',
    '}',
  ]);
  assert.ok(everything.risk > 0.99 && everything.risk <= 1, String(everything.risk));
});

test('a typical small change is simple, a branching one standard, a risky one complex', () => {
  const small = score('src/format.ts', ["  return value.toFixed(2) + ' ' + unit;"]);
  assert.ok(small.risk < 0.3, String(small.risk));
  const branching = score('src/cart.ts', [
    'export function applyDiscount(cart: Cart, code: string): Cart {',
    '  if (code === "") return cart;',
    '  const discount = discounts.get(code);',
    '  if (discount === undefined) {',
    '    throw new UnknownDiscountError(code);',
    '  }',
    '  for (const line of cart.lines) line.price *= 1 - discount.rate;',
    '  return cart;',
    '}',
  ]);
  assert.ok(branching.risk >= 0.3 && branching.risk < 0.65, String(branching.risk));
  const risky = score('src/report.ts', [
    'export async function report(request) {',
    '  const rows = await db.query("SELECT * FROM sales WHERE region = \'" + request.query.region + "\'");',
    '  return rows;',
    '}',
  ]);
  assert.ok(risky.risk >= 0.65, String(risky.risk));
  assert.deepEqual(risky.signals, ['dynamic sql', 'sql', 'definitions', 'control flow']);
});

test('renames, whitespace and comments score near zero; docs stay low', () => {
  const renamed = scoreFile(change('src/b.ts', { status: 'renamed', oldPath: 'src/a.ts', lines: [] }), none);
  assert.deepEqual(renamed, { path: 'src/b.ts', risk: 0.01, signals: ['rename only'], hunks: [] });

  const reindented = change('src/exec.ts', {
    status: 'modified',
    lines: ['-if (a) {', '-  exec(cmd);', '-}', '+if (a) {', '+    exec(cmd);', '+}', '+', ' }'],
  });
  const whitespace = scoreFile(reindented, none);
  assert.equal(whitespace.risk, 0.02);
  assert.deepEqual(whitespace.signals, ['whitespace only']);

  const comments = scoreFile(
    change('src/db.ts', {
      status: 'modified',
      lines: ['-// Runs the query.', '+// Runs the query: eval( is never used.', '+/* more', '+ * text */'],
    }),
    none,
  );
  assert.equal(comments.risk, 0.05);
  assert.deepEqual(comments.signals, ['comments only']);

  const python = scoreFile(change('app/views.py', { lines: ['+# os.system is not used here'] }), none);
  assert.deepEqual(python.signals, ['comments only']);

  const docs = score('docs/security.md', [
    'Never call `eval(input)` or `exec(cmd)` on user input.',
    ...Array(100).fill('More text.'),
  ]);
  assert.ok(docs.risk <= 0.15);
  assert.ok(!docs.signals.includes('eval / deserialisation'));
  assert.ok(docs.signals.includes('docs'));
});

test('lines inside a block comment are comments, whatever they start with', () => {
  const license = scoreFile(
    change('lib/promise.d.ts', {
      lines: [
        '+/*! ****************************************',
        '+Licensed under the Apache License; see the License for the specific permissions',
        '+and the exec() and eval() limitations under the License.',
        '+***************************************** */',
      ],
    }),
    none,
  );
  assert.deepEqual(license.signals, ['comments only']);

  const docstring = scoreFile(
    change('app/tasks.py', {
      lines: [
        '+def run(command):',
        '+    """',
        '+    Never passes the command to os.system().',
        '+    """',
        '+    return command',
      ],
    }),
    none,
  );
  assert.deepEqual(docstring.signals, ['definitions']);

  const globInString = scoreFile(
    change('src/files.ts', {
      lines: ["+const pattern = 'src/**/*.ts';", '+if (matches(pattern)) exec(command);'],
    }),
    none,
  );
  assert.ok(globInString.signals.includes('shell exec'), globInString.signals.join());

  const closedInContext = scoreFile(
    change('src/a.ts', { status: 'modified', lines: [' /* note', ' */', '+if (ready) await start();'] }),
    none,
  );
  assert.ok(closedInContext.signals.includes('control flow'));
});

test('test files count half; sensitive paths and critical paths raise the score', () => {
  const code = [
    'export function parse(text) {',
    '  if (!text) throw new Error("empty");',
    '  return JSON.parse(text);',
    '}',
  ];
  const source = score('src/parse.ts', code);
  const spec = score('src/parse.test.ts', code);
  assert.equal(spec.risk, Math.round(source.risk * 500) / 1000);
  assert.ok(spec.signals.includes('test file'));
  assert.ok(score('test/helpers/parse.ts', code).signals.includes('test file'));
  assert.ok(score('pkg/parse_test.go', code).signals.includes('test file'));

  for (const path of [
    'src/auth/login.ts',
    'src/middleware/requirePermission.ts',
    'app/sessions_controller.rb',
    'lib/signIn.ts',
  ]) {
    assert.ok(score(path, code).signals.includes('sensitive path'), path);
  }
  for (const path of ['src/authors/list.ts', 'src/parse.ts', 'src/tokenizer/bpe.ts']) {
    assert.ok(!score(path, code).signals.includes('sensitive path'), path);
  }
  assert.ok(score('.github/workflows/release.yml', ['run: npm publish']).signals.includes('infrastructure'));

  const critical = score('src/billing/charge.ts', ['  // note'], ['src/billing/**']);
  assert.equal(critical.risk, 0.85);
  assert.deepEqual(critical.signals, ['critical path', 'comments only']);
  assert.deepEqual(critical.hunks, [{ risk: 0.85, signals: ['critical path', 'comments only'] }]);
  const renamedCritical = scoreFile(
    change('src/billing/b.ts', { status: 'renamed', oldPath: 'src/billing/a.ts', lines: [] }),
    { criticalPaths: ['src/billing'] },
  );
  assert.equal(renamedCritical.risk, 0.85);
});

test('a secret placeholder left by redaction on an added line is high risk', () => {
  const result = score('src/config.ts', ['const key = "[REDACTED:aws-access-key]";']);
  assert.ok(result.risk >= 0.9);
  assert.equal(result.signals[0], 'secret');
  const removedOnly = scoreFile(
    change('src/config.ts', { status: 'modified', lines: ['-const key = "[REDACTED:aws-access-key]";'] }),
    none,
  );
  assert.ok(!removedOnly.signals.includes('secret'));
});

test('hunks are scored on their own lines; the file on all of them', () => {
  const file: FileChange = {
    path: 'src/orders.ts',
    status: 'modified',
    binary: false,
    additions: 3,
    deletions: 1,
    hunks: [
      { oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, section: '', lines: ['-// old', '+// new'] },
      {
        oldStart: 40,
        oldLines: 2,
        newStart: 40,
        newLines: 4,
        section: 'function load',
        lines: [
          ' function load(id) {',
          '+  const query = "DELETE FROM orders WHERE id = " + id;',
          '+  return db.query(query);',
          ' }',
        ],
      },
    ],
  };
  const result = scoreFile(file, none);
  assert.equal(result.hunks.length, 2);
  assert.deepEqual(result.hunks[0], { risk: 0.05, signals: ['comments only'] });
  assert.ok(result.hunks[1]!.signals.includes('sql'));
  assert.ok(result.risk >= result.hunks[1]!.risk);
  assert.deepEqual(scoreFile(file, none), result);
});

test('SQL assembled from values is its own, stronger signal', () => {
  const parameterised = lineSignals(
    "const rows = await db.query('SELECT * FROM users WHERE id = $1', [id]);",
    true,
  );
  assert.ok(parameterised.includes('sql') && !parameterised.includes('dynamic sql'));
  const concatenated = lineSignals('cursor.execute("SELECT * FROM users WHERE name = \'%s\'" % name)', true);
  assert.ok(concatenated.includes('dynamic sql'));
  const formatted = lineSignals('query := fmt.Sprintf("DELETE FROM t WHERE id = %d", id)', true);
  assert.ok(formatted.includes('dynamic sql'));
});
