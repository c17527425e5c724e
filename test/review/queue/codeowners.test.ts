import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codeownersFor, parseCodeowners } from '../../../src/review/queue/index.ts';
import { type Random, seededRandom } from './random.ts';

/** A CODEOWNERS file in the spirit of GitHub's documented example. */
const example = `# Lines starting with '#' are comments.
# Each line is a file pattern followed by one or more owners.

# These owners will be the default owners for everything in the repo.
*       @global-owner1 @global-owner2

# Order is important; the last matching pattern takes the most precedence.
*.js    @js-owner #This is an inline comment.

# You can also use email addresses.
*.go docs@example.com

# Teams can be specified as code owners as well.
*.txt @octo-org/octocats

# The build/logs/ directory at the root of the repository and any of its subdirectories.
/build/logs/ @doctocat

# The \`docs/*\` pattern matches docs/getting-started.md but not docs/build-app/troubleshooting.md.
docs/*  docs@example.com

# An apps directory anywhere in the repository.
apps/ @octocat

# A /docs directory in the root of the repository and any of its subdirectories.
/docs/ @doctocat

# Any file in the /scripts directory with no owner: it stays unowned.
/scripts/ @doctocat @octocat
/scripts/

# Any file in a /logs directory anywhere, such as /build/logs, /scripts/logs and /deeply/nested/logs.
**/logs @octocat

# Everything in /apps is owned by @octocat except /apps/github, which has no owner.
/apps/ @octocat
/apps/github
`;

describe('CODEOWNERS', () => {
  test('follows the documented example: precedence, anchoring, directories, unsetting', () => {
    const cases: [string, string[]][] = [
      ['README.md', ['@global-owner1', '@global-owner2']],
      ['src/index.js', ['@js-owner']],
      ['cmd/main.go', ['docs@example.com']],
      ['notes/a.txt', ['@octo-org/octocats']],
      ['build/logs/today.log', ['@octocat']], // `**/logs` comes later than `/build/logs/`
      ['build/logs/nested/x.bin', ['@octocat']],
      ['docs/getting-started.md', ['@doctocat']], // `/docs/` comes later than `docs/*`
      ['docs/build-app/troubleshooting.md', ['@doctocat']],
      ['a/apps/b/c.rb', ['@octocat']],
      ['scripts/deploy.sh', []],
      ['scripts/logs/out.txt', ['@octocat']],
      ['deeply/nested/logs/x', ['@octocat']],
      ['apps/web/main.rb', ['@octocat']],
      ['apps/github/hooks.rb', []],
      ['apps/github', []],
    ];
    const parsed = parseCodeowners(example);
    assert.deepEqual(parsed.issues, []);
    for (const [path, owners] of cases) {
      assert.deepEqual(parsed.ownersOf(path), owners, path);
      assert.deepEqual(codeownersFor(example, path), owners, path);
    }
  });

  test('matches patterns the way GitHub does', () => {
    const table: [string, Record<string, boolean>][] = [
      ['lib', { lib: true, 'lib/a': true, 'x/lib': true, 'x/lib/y': true, 'lib.ts': false, 'x/libs': false }],
      ['/lib', { lib: true, 'lib/a/b': true, 'x/lib': false, 'libx/a': false }],
      ['lib/', { lib: false, 'lib/a': true, 'x/lib/a/b': true, 'x/lib': false }],
      ['/lib/', { lib: false, 'lib/a': true, 'x/lib/a': false }],
      ['src/lib', { 'src/lib': true, 'src/lib/a': true, 'x/src/lib': false, 'src/library': false }],
      ['src/*', { src: false, 'src/a.ts': true, 'src/a/b.ts': false, 'x/src/a.ts': false }],
      ['/*', { 'a.ts': true, '.env': true, 'a/b.ts': false }],
      ['/*/', { 'a.ts': false, 'a/b.ts': true, 'a/b/c.ts': true }],
      ['src/*.ts', { 'src/a.ts': true, 'src/a/b.ts': false, 'src/a.tsx': false, 'x/src/a.ts': false }],
      ['src/*/index.ts', { 'src/a/index.ts': true, 'src/index.ts': false, 'src/a/b/index.ts': false }],
      ['*.ts', { 'a.ts': true, 'x/y/z.ts': true, '.hidden.ts': true, 'a.tsx': false, 'a.ts.bak': false }],
      ['f*', { foo: true, 'foo/bar': true, 'x/fizz': true, 'x/bar': false, xf: false }],
      ['f?o', { foo: true, fo: false, fooo: false, 'f/o': false }],
      ['**/logs', { logs: true, 'a/logs': true, 'a/b/logs/c': true, 'a/logsx': false }],
      ['src/**', { src: false, 'src/a': true, 'src/a/b/c': true, 'x/src/a': false }],
      ['src/**/test', { 'src/test': true, 'src/a/b/test/c': true, 'x/src/test': false }],
      ['src/**/', { src: false, 'src/a': true }],
      ['**', { a: true, 'a/b/c': true }],
      ['*', { a: true, 'a/b/c': true, '.github/CODEOWNERS': true }],
      ['f\\*o', { 'f*o': true, foo: false }],
      ['my\\ file.txt', { 'my file.txt': true, my: false }],
      ['pages/[id].tsx', { 'pages/[id].tsx': true, 'pages/i.tsx': false }],
      ['a(b|c)', { 'a(b|c)': true, ab: false }],
      ['{a,b}.ts', { '{a,b}.ts': true, 'a.ts': false }],
      ['c++/x+y', { 'c++/x+y': true, 'cc/xy': false }],
      ['@scope/pkg', { '@scope/pkg/index.js': true, 'scope/pkg/index.js': false }],
      ['Docs', { Docs: true, docs: false }],
    ];
    for (const [pattern, paths] of table) {
      const parsed = parseCodeowners(`${pattern} @owner`);
      assert.deepEqual(parsed.issues, [], pattern);
      for (const [path, expected] of Object.entries(paths)) {
        assert.equal(parsed.ownersOf(path).length > 0, expected, `${pattern} against ${path}`);
      }
    }
  });

  test('reports invalid lines with their numbers, skips them, and keeps the others', () => {
    const text = [
      '* @everyone', // 1
      '!vendor/ @nobody', // 2: negation
      'src/*** @x', // 3: three asterisks
      'lib/ not-an-owner', // 4: malformed owner
      '/ @root', // 5: matches nothing
      '', // 6
      '   # indented comment', // 7
      'lib/ @lib-team @lib-team', // 8
      'tail\\', // 9: a lone backslash
      'docs/ @a @b/ @c', // 10: a malformed owner among good ones
    ].join('\n');
    const parsed = parseCodeowners(text);
    assert.deepEqual(
      parsed.issues.map((issue) => issue.line),
      [2, 3, 4, 5, 9, 10],
    );
    for (const issue of parsed.issues) assert.ok(issue.message.length > 0);
    assert.match(parsed.issues[0]!.message, /negation/);
    assert.match(parsed.issues[2]!.message, /"not-an-owner" is not an owner/);
    assert.deepEqual(
      parsed.rules.map((rule) => rule.line),
      [1, 8],
    );
    assert.deepEqual(parsed.ownersOf('lib/a.ts'), ['@lib-team'], 'owners are listed once');
    assert.deepEqual(parsed.ownersOf('vendor/x.ts'), ['@everyone'], 'the negation line is ignored');
    assert.deepEqual(parsed.ownersOf('docs/x.md'), ['@everyone'], 'the whole invalid line is ignored');
  });

  test('reads CRLF, a byte-order mark, tabs, inline comments, emails and teams', () => {
    const text = '\uFEFF*\t@a\r\n*.md   @org/docs-team  first.last+tag@example.co.uk # docs\r\n#*.ts @b\r\n';
    assert.deepEqual(codeownersFor(text, 'x.ts'), ['@a']);
    assert.deepEqual(codeownersFor(text, 'guide/x.md'), ['@org/docs-team', 'first.last+tag@example.co.uk']);
    assert.deepEqual(codeownersFor(text, './guide/x.md'), ['@org/docs-team', 'first.last+tag@example.co.uk']);
    assert.deepEqual(codeownersFor('', 'x.ts'), []);
    assert.deepEqual(codeownersFor('# nothing but comments\n\n', 'x.ts'), []);
  });

  describe('properties over random paths', () => {
    const segment = (random: Random) =>
      random.pick([
        'src',
        'lib',
        'a',
        'b',
        'docs',
        'logs',
        '.github',
        'x-y',
        'v1.2',
        'ñandú',
        '[id]',
        'c++',
      ]) + (random.bool(0.3) ? `${random.int(0, 9)}` : '');
    const randomPath = (random: Random) =>
      Array.from({ length: random.int(1, 5) }, () => segment(random)).join('/') +
      random.pick(['', '.ts', '.md', '.js']);

    test('anchoring, directories and wildcards', () => {
      for (let seed = 1; seed <= 300; seed++) {
        const random = seededRandom(seed);
        const path = randomPath(random);
        const parts = path.split('/');
        const name = parts.at(-1)!;
        const where = `seed ${seed}, path ${path}`;
        const owned = (pattern: string, candidate: string) =>
          parseCodeowners(`${pattern} @o`).ownersOf(candidate).length > 0;
        const literal = asPattern(path);

        assert.ok(owned(`/${literal}`, path), where);
        assert.ok(owned(`/${literal}`, `${path}/inner/file`), where);
        assert.ok(!owned(`/${literal}`, `other/${path}`), where);
        assert.ok(owned(asPattern(name), path), `a pattern without a slash matches at any depth: ${where}`);
        assert.ok(owned(asPattern(name), `deep/er/${path}`), where);
        assert.ok(!owned(`${literal}/`, path), `a trailing slash matches only what is inside: ${where}`);
        assert.ok(owned(`${literal}/`, `${path}/child`), where);
        if (parts.length >= 2) {
          const top = asPattern(parts[0]!);
          assert.ok(owned(`/${top}/**`, path), `** crosses slashes: ${where}`);
          assert.equal(owned(`/${top}/*`, path), parts.length === 2, `* does not cross a slash: ${where}`);
          assert.ok(!owned(literal, `x/${path}`), `a pattern with a slash is anchored: ${where}`);
        }
      }
    });

    test('the last matching line wins, and a line without owners unsets', () => {
      const patterns = ['*', '*.ts', '*.md', 'src/', '/docs/', '**/logs', 'a/*', '/lib', 'b', '[id]/'];
      for (let seed = 1; seed <= 200; seed++) {
        const random = seededRandom(seed);
        const lines = Array.from(
          { length: random.int(1, 8) },
          (_, index) => `${random.pick(patterns)}${random.bool(0.2) ? '' : ` @owner${index}`}`,
        );
        const text = lines.join('\n');
        const parsed = parseCodeowners(text);
        for (let attempt = 0; attempt < 5; attempt++) {
          const path = randomPath(random);
          const where = `seed ${seed}, path ${path}\n${text}`;
          const matching = parsed.rules.filter((rule) => rule.matches(path));
          assert.deepEqual(parsed.ownersOf(path), matching.at(-1)?.owners ?? [], where);
          assert.deepEqual(codeownersFor(`${text}\n* @last`, path), ['@last'], where);
          assert.deepEqual(codeownersFor(`${text}\n*`, path), [], where);
          if (matching.length > 0) {
            assert.deepEqual(codeownersFor(`* @first\n${text}`, path), parsed.ownersOf(path), where);
          }
        }
      }
    });

    test('arbitrary text never throws: every non-blank, non-comment line is a rule or an issue', () => {
      const alphabet = [
        'a',
        '/',
        '*',
        '?',
        '\\',
        '#',
        '!',
        '@',
        ' ',
        '\t',
        '[',
        ']',
        '{',
        '(',
        '.',
        'é',
        '\u0000',
        '📦',
      ];
      for (let seed = 1; seed <= 300; seed++) {
        const random = seededRandom(seed);
        const lines = Array.from({ length: random.int(0, 6) }, () =>
          Array.from({ length: random.int(0, 14) }, () => random.pick(alphabet)).join(''),
        );
        const text = lines.join(random.pick(['\n', '\r\n']));
        const parsed = parseCodeowners(text);
        const used = [...parsed.rules.map((rule) => rule.line), ...parsed.issues.map((issue) => issue.line)];
        assert.equal(new Set(used).size, used.length, `seed ${seed}: a line is a rule or an issue, not both`);
        for (const line of used) assert.ok(line >= 1 && line <= lines.length, `seed ${seed}`);
        lines.forEach((line, index) => {
          const content = line.replace(/[ \t]/g, '');
          if (content === '' || content.startsWith('#')) {
            assert.ok(!used.includes(index + 1), `seed ${seed}: line ${index + 1} is blank or a comment`);
          } else if (!line.includes('#') && !line.includes('\\')) {
            assert.ok(
              used.includes(index + 1),
              `seed ${seed}: line ${index + 1} is neither a rule nor an issue`,
            );
          }
        });
        for (let attempt = 0; attempt < 3; attempt++) {
          const owners = parsed.ownersOf(randomPath(random));
          assert.ok(Array.isArray(owners), `seed ${seed}`);
        }
      }
    });
  });
});

/** A path as a CODEOWNERS pattern: its spaces and wildcards escaped. */
function asPattern(path: string): string {
  return path.replace(/[\\ *?#]/g, (char) => `\\${char}`);
}
