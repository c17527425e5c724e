import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reviewSchema } from '../../../src/config/index.ts';
import { matchesGlob, parseGitattributes, pathInstructionsFor } from '../../../src/review/filter/index.ts';

test('globs follow picomatch with dotfiles, plus the .gitignore conventions users expect', () => {
  const cases: [string, string, boolean][] = [
    ['src/**/*.ts', 'src/a/b.ts', true],
    ['src/**/*.ts', 'src/.hidden/b.ts', true],
    ['src/**', 'src/a/b.ts', true],
    ['*.snap', 'src/__snapshots__/a.snap', true],
    ['*.snap', 'a.snap', true],
    ['/*.md', 'README.md', true],
    ['/*.md', 'docs/guide.md', false],
    ['./docs/**', 'docs/guide.md', true],
    ['src/auth', 'src/auth/login.ts', true],
    ['src/auth', 'src/auth', true],
    ['src/auth', 'src/authz/login.ts', false],
    ['src/auth/', 'src/auth/login.ts', true],
    ['migrations', 'db/migrations/001.sql', true],
    ['src/*.ts', 'src/a/b.ts', false],
    ['{src,lib}/**/*.js', 'lib/x.js', true],
  ];
  for (const [glob, path, expected] of cases)
    assert.equal(matchesGlob(path, glob), expected, `${glob} ~ ${path}`);
});

test('pathInstructionsFor returns every matching instruction, in configuration order', () => {
  const config = reviewSchema.parse({
    path_instructions: [
      { path: 'src/api/**', instructions: 'Check input validation.' },
      { path: '*.sql', instructions: 'Check for locking migrations.' },
      { path: 'src/**', instructions: 'Follow the style guide.' },
    ],
  });
  assert.deepEqual(pathInstructionsFor('src/api/users.ts', config), [
    'Check input validation.',
    'Follow the style guide.',
  ]);
  assert.deepEqual(pathInstructionsFor('db/001.sql', config), ['Check for locking migrations.']);
  assert.deepEqual(pathInstructionsFor('README.md', config), []);
});

test('.gitattributes: the last matching line wins per attribute, as git resolves it', () => {
  const attributes = parseGitattributes(
    [
      '* text=auto',
      '*.js linguist-generated',
      'src/*.js -linguist-generated',
      'src/keep.js !linguist-generated',
      '/root-only.js linguist-vendored',
      'a/**/b.js linguist-vendored=true',
      '"quoted\\040name.js" linguist-generated',
      '!negated.js linguist-generated',
      '*.bin binary',
    ].join('\n'),
  );
  assert.equal(attributes.stateOf('lib/x.js', 'linguist-generated'), true);
  assert.equal(attributes.stateOf('src/x.js', 'linguist-generated'), false);
  assert.equal(attributes.stateOf('src/keep.js', 'linguist-generated'), undefined);
  assert.equal(attributes.stateOf('src/sub/x.js', 'linguist-generated'), true);
  assert.equal(attributes.stateOf('root-only.js', 'linguist-vendored'), true);
  assert.equal(attributes.stateOf('lib/root-only.js', 'linguist-vendored'), undefined);
  assert.equal(attributes.stateOf('a/x/y/b.js', 'linguist-vendored'), 'true');
  assert.equal(attributes.stateOf('a/b.js', 'linguist-vendored'), 'true');
  assert.equal(attributes.stateOf('dir/quoted name.js', 'linguist-generated'), true);
  assert.equal(attributes.stateOf('negated.js', 'linguist-generated'), true);
  assert.equal(attributes.stateOf('x.txt', 'text'), 'auto');
  assert.equal(attributes.stateOf('data/x.bin', 'diff'), false);
  assert.equal(attributes.stateOf('data/x.bin', 'binary'), true);
});
