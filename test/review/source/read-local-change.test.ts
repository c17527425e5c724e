import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UsageError } from '../../../src/errors/index.ts';
import { addedLineNumbers, type ChangeSet, type FileChange } from '../../../src/review/change-set.ts';
import { readLocalChange, stagedHead } from '../../../src/review/source/index.ts';
import { createGitRepo, type GitRepo, runTestGit } from '../../support/git-repo.ts';

const repos: GitRepo[] = [];
const folders: string[] = [];

function newRepo(): GitRepo {
  const repo = createGitRepo();
  repos.push(repo);
  return repo;
}

after(() => {
  for (const repo of repos) repo.cleanup();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function file(change: ChangeSet, path: string): FileChange {
  const found = change.files.find((candidate) => candidate.path === path);
  assert.ok(
    found,
    `no change to ${path} among ${change.files.map((candidate) => candidate.path).join(', ')}`,
  );
  return found;
}

const numbered = (count: number, prefix = 'line') =>
  Array.from({ length: count }, (_, index) => `${prefix} ${index + 1}\n`).join('');
const pngBytes = (seed: number) =>
  new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    0,
    0,
    0,
    0x0d,
    0x49,
    0x48,
    0x44,
    0x52,
    seed,
    0,
    255,
    7,
  ]);
const minified = (marker: string) => `!function(){${'var a=1;'.repeat(250_000)}${marker}}();`;

describe('readLocalChange on a feature branch', () => {
  let repo: GitRepo;
  let change: ChangeSet;
  let mainSha: string;

  before(async () => {
    repo = newRepo();
    repo.writeAll({
      'README.md': '# app\n',
      'src/pure-rename.ts': numbered(20, 'pure'),
      'src/edited-rename.ts': numbered(40, 'edited'),
      'assets/logo.png': pngBytes(1),
      'src/obsolete.ts': numbered(3, 'old'),
      'scripts/build.sh': 'echo build\n',
      'docs/résumé.md': 'cv\n',
      'notes/meeting notes.txt': 'monday\n',
      'windows.txt': 'one\r\ntwo\r\nthree\r\n',
      'no-newline.txt': 'first\nlast',
      'dist/bundle.min.js': minified('A'),
    });
    mainSha = repo.commit('base');
    repo.branch('feature');
    repo.move('src/pure-rename.ts', 'lib/pure-rename.ts');
    repo.move('src/edited-rename.ts', 'lib/edited-rename.ts');
    repo.write('lib/edited-rename.ts', numbered(40, 'edited').replace('edited 20\n', 'edited twenty\n'));
    repo.write('assets/logo.png', pngBytes(2));
    repo.remove('src/obsolete.ts');
    repo.chmod('scripts/build.sh', 0o755);
    repo.write('docs/résumé.md', 'curriculum vitae\n');
    repo.write('src/日本.ts', 'export const japan = true;\n');
    repo.write('notes/meeting notes.txt', 'monday\ntuesday\n');
    repo.write('windows.txt', 'one\r\nTWO\r\nthree\r\nfour\r\n');
    repo.write('no-newline.txt', 'first\nLAST');
    repo.write('dist/bundle.min.js', minified('B'));
    repo.commit('feature work');
    change = await readLocalChange({ cwd: join(repo.root, 'src') });
  });

  it('compares HEAD with the merge-base of the default branch and records the commits', () => {
    assert.deepEqual(change.source, {
      kind: 'local',
      root: repo.root,
      base: mainSha,
      head: repo.head(),
      mergeBase: mainSha,
      staged: false,
    });
    assert.deepEqual(change.unseen, []);
    assert.equal(change.files.length, 11);
  });

  it('reads a pure rename as a rename with no hunks and similarity 100', () => {
    assert.deepEqual(file(change, 'lib/pure-rename.ts'), {
      path: 'lib/pure-rename.ts',
      oldPath: 'src/pure-rename.ts',
      status: 'renamed',
      binary: false,
      similarity: 100,
      hunks: [],
      additions: 0,
      deletions: 0,
    });
  });

  it('reads a rename with edits as a rename with its hunk', () => {
    const renamed = file(change, 'lib/edited-rename.ts');
    assert.equal(renamed.status, 'renamed');
    assert.equal(renamed.oldPath, 'src/edited-rename.ts');
    assert.ok(renamed.similarity !== undefined && renamed.similarity < 100 && renamed.similarity > 50);
    assert.equal(renamed.hunks.length, 1);
    assert.deepEqual(addedLineNumbers(renamed.hunks[0]!), [20]);
    assert.deepEqual([renamed.additions, renamed.deletions], [1, 1]);
  });

  it('reads a binary file as binary, without hunks', () => {
    const logo = file(change, 'assets/logo.png');
    assert.deepEqual([logo.status, logo.binary, logo.hunks.length], ['modified', true, 0]);
  });

  it('reads a deletion under its deleted path', () => {
    const deleted = file(change, 'src/obsolete.ts');
    assert.equal(deleted.status, 'deleted');
    assert.equal(deleted.oldMode, '100644');
    assert.deepEqual(deleted.hunks[0]?.lines, ['-old 1', '-old 2', '-old 3']);
  });

  it('reads chmod +x as a mode change with no hunks', () => {
    const script = file(change, 'scripts/build.sh');
    assert.deepEqual(
      [script.status, script.oldMode, script.newMode, script.hunks.length],
      ['modified', '100644', '100755', 0],
    );
  });

  it('reads unicode paths and paths with spaces unquoted', () => {
    assert.equal(file(change, 'docs/résumé.md').hunks[0]?.lines.join('|'), '-cv|+curriculum vitae');
    assert.equal(file(change, 'src/日本.ts').status, 'added');
    assert.deepEqual(addedLineNumbers(file(change, 'notes/meeting notes.txt').hunks[0]!), [2]);
  });

  it('keeps the \\r of a CRLF file in its lines, with the right line numbers', () => {
    const windows = file(change, 'windows.txt');
    assert.deepEqual(windows.hunks[0]?.lines, [' one\r', '-two\r', '+TWO\r', ' three\r', '+four\r']);
    assert.deepEqual(addedLineNumbers(windows.hunks[0]!), [2, 4]);
  });

  it('flags a missing final newline on both sides', () => {
    const hunk = file(change, 'no-newline.txt').hunks[0]!;
    assert.deepEqual(hunk.lines, [' first', '-last', '+LAST']);
    assert.equal(hunk.oldNoNewlineAtEnd, true);
    assert.equal(hunk.newNoNewlineAtEnd, true);
  });

  it('reads a 2 MB one-line minified file as one huge line', () => {
    const bundle = file(change, 'dist/bundle.min.js');
    assert.deepEqual(
      bundle.hunks[0]?.lines.map((line) => line.length),
      [minified('A').length + 1, minified('B').length + 1],
    );
    assert.ok(bundle.hunks[0]?.lines[1]?.endsWith('B}();'));
  });
});

describe('readLocalChange reviews only the change, not upstream work', () => {
  let repo: GitRepo;
  let branchPoint: string;

  before(() => {
    repo = newRepo();
    repo.writeAll({ 'app.ts': numbered(10), 'shared.ts': numbered(10) });
    branchPoint = repo.commit('base');
    repo.branch('feature');
    repo.write('app.ts', numbered(10).replace('line 3\n', 'line three\n'));
    repo.commit('feature: app');
    repo.checkout('main');
    repo.write('upstream.ts', 'export const upstream = 1;\n');
    repo.write('shared.ts', numbered(10).replace('line 9\n', 'line nine\n'));
    repo.commit('main moves on');
    repo.checkout('feature');
    repo.merge('main');
    repo.write(
      'app.ts',
      numbered(10).replace('line 3\n', 'line three\n').replace('line 7\n', 'line seven\n'),
    );
    repo.commit('feature: more app');
  });

  it('leaves out what a merge of main brought in', async () => {
    const change = await readLocalChange({ cwd: repo.root });
    assert.deepEqual(
      change.files.map((changed) => changed.path),
      ['app.ts'],
    );
    assert.deepEqual(addedLineNumbers(change.files[0]!.hunks[0]!), [3, 7]);
    assert.equal(change.source.kind === 'local' && change.source.mergeBase, repo.git('rev-parse', 'main'));
    assert.equal(change.files[0]?.additions, 2);
  });

  it('uses merge-base(base, head)..head for --base/--head', async () => {
    repo.checkout('main');
    repo.branch('other');
    repo.write('other.ts', 'x\n');
    repo.commit('other work');
    const change = await readLocalChange({ cwd: repo.root, base: 'feature', head: 'other' });
    assert.deepEqual(
      change.files.map((changed) => changed.path),
      ['other.ts'],
    );
    const againstBranchPoint = await readLocalChange({ cwd: repo.root, base: branchPoint, head: 'feature' });
    assert.deepEqual(
      againstBranchPoint.files.map((changed) => changed.path),
      ['app.ts', 'shared.ts', 'upstream.ts'],
    );
    repo.checkout('feature');
  });
});

describe('readLocalChange finds the default branch', () => {
  it('uses the configured branch, else origin/HEAD, else main or master', async () => {
    const upstream = newRepo();
    upstream.write('a.txt', 'a\n');
    upstream.commit('base');
    upstream.git('branch', '-m', 'main', 'develop');
    upstream.write('b.txt', 'b\n');
    const developTip = upstream.commit('develop');

    const folder = mkdtempSync(join(tmpdir(), 'steward-clone-'));
    folders.push(folder);
    const clone = join(folder, 'clone');
    runTestGit(folder, ['clone', '--quiet', upstream.root, clone]);
    runTestGit(clone, ['switch', '--quiet', '-c', 'feature']);
    runTestGit(clone, ['branch', '-D', '--quiet', 'develop']);
    runTestGit(clone, ['branch', '--quiet', 'trunk', `${developTip}~1`]);

    const detected = await readLocalChange({ cwd: clone });
    assert.equal(detected.source.kind === 'local' && detected.source.base, developTip);
    assert.deepEqual(detected.files, []);

    const configured = await readLocalChange({ cwd: clone, defaultBranch: 'trunk' });
    assert.deepEqual(
      configured.files.map((changed) => changed.path),
      ['b.txt'],
    );
    const remoteOnly = await readLocalChange({ cwd: clone, defaultBranch: 'develop' });
    assert.equal(remoteOnly.source.kind === 'local' && remoteOnly.source.base, developTip);

    await assert.rejects(readLocalChange({ cwd: clone, defaultBranch: 'release' }), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /the default branch "release" does not exist/);
      assert.match(error.hint ?? '', /review\.default_branch/);
      return true;
    });
  });

  it('says how to fix it when there is no default branch to find', async () => {
    const repo = newRepo();
    repo.write('a.txt', 'a\n');
    repo.commit('base');
    repo.git('branch', '-m', 'main', 'trunk');
    await assert.rejects(readLocalChange({ cwd: repo.root }), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /cannot tell which branch to compare with/);
      assert.match(error.hint ?? '', /--base <ref>.*review\.default_branch/);
      return true;
    });
  });
});

describe('readLocalChange with staged: true', () => {
  it('reads what is staged against HEAD, not unstaged edits', async () => {
    const repo = newRepo();
    repo.writeAll({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const head = repo.commit('base');
    repo.write('a.txt', 'A\n');
    repo.git('add', 'a.txt');
    repo.write('b.txt', 'B (not staged)\n');
    const change = await readLocalChange({ cwd: repo.root, staged: true });
    assert.deepEqual(change.source, {
      kind: 'local',
      root: repo.root,
      base: head,
      head: stagedHead,
      mergeBase: undefined,
      staged: true,
    });
    assert.deepEqual(
      change.files.map((changed) => [changed.path, changed.hunks[0]?.lines]),
      [['a.txt', ['-a', '+A']]],
    );
  });

  it('reads the first commit to be, before HEAD exists', async () => {
    const repo = newRepo();
    repo.write('first.txt', 'hello\n');
    repo.git('add', 'first.txt');
    const change = await readLocalChange({ cwd: repo.root, staged: true });
    assert.deepEqual(
      change.files.map((changed) => [changed.path, changed.status]),
      [['first.txt', 'added']],
    );
  });

  it('refuses --staged with --base or --head', async () => {
    const repo = newRepo();
    repo.commit('empty');
    await assert.rejects(
      readLocalChange({ cwd: repo.root, staged: true, base: 'main' }),
      /cannot be combined/,
    );
  });
});

describe('readLocalChange errors', () => {
  it('names the folder when it is not in a git repository', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'steward-not-a-repo-'));
    folders.push(folder);
    await assert.rejects(readLocalChange({ cwd: folder }), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, new RegExp(`${folder} is not in a git repository`));
      assert.match(error.hint ?? '', /git checkout/);
      return true;
    });
    await assert.rejects(readLocalChange({ cwd: join(folder, 'missing') }), /is not a directory/);
  });

  it('names an unknown ref and how to fetch it', async () => {
    const repo = newRepo();
    repo.commit('empty');
    await assert.rejects(readLocalChange({ cwd: repo.root, base: 'no-such-branch' }), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /unknown git ref "no-such-branch" \(the base\)/);
      assert.match(error.hint ?? '', /git fetch origin no-such-branch/);
      return true;
    });
    await assert.rejects(
      readLocalChange({ cwd: repo.root, base: 'main', head: '--output=x' }),
      /unknown git ref/,
    );
  });

  it('says when commits share no history', async () => {
    const repo = newRepo();
    repo.write('a.txt', 'a\n');
    repo.commit('main');
    repo.git('switch', '--quiet', '--orphan', 'unrelated');
    repo.write('b.txt', 'b\n');
    repo.commit('unrelated');
    await assert.rejects(readLocalChange({ cwd: repo.root, base: 'main' }), /have no common ancestor/);
  });
});

describe('readLocalChange output settings', () => {
  it('is not changed by user configuration that alters diff output', async () => {
    const repo = newRepo();
    repo.writeAll({ 'a b/x.txt': numbered(30), 'docs/résumé.md': 'cv\n\nend\n', 'moved.txt': numbered(20) });
    repo.commit('base');
    repo.branch('feature');
    repo.write('a b/x.txt', numbered(30).replace('line 15\n', 'line fifteen\n'));
    repo.write('docs/résumé.md', 'CV\n\nend\n');
    repo.move('moved.txt', 'lib/moved.txt');
    repo.commit('change');
    const expected = await readLocalChange({ cwd: repo.root });
    for (const [key, value] of Object.entries({
      'diff.noprefix': 'true',
      'diff.mnemonicPrefix': 'true',
      'diff.relative': 'true',
      'diff.context': '10',
      'diff.renames': 'false',
      'diff.suppressBlankEmpty': 'true',
      'diff.external': 'false',
      'diff.submodule': 'log',
      'color.ui': 'always',
      'color.diff': 'always',
      'core.quotePath': 'true',
    })) {
      repo.git('config', key, value);
    }
    repo.write('.gitattributes', '*.md diff=upper\n');
    repo.git('config', 'diff.upper.textconv', 'tr a-z A-Z <');
    const configured = await readLocalChange({ cwd: join(repo.root, 'a b') });
    assert.deepEqual(configured, expected);
    assert.deepEqual(
      configured.files.map((changed) => changed.path),
      ['a b/x.txt', 'docs/résumé.md', 'lib/moved.txt'],
    );
  });
});

describe('readLocalChange rename detection', () => {
  it('says in unseen when git skipped rename detection for too many files', async () => {
    const repo = newRepo();
    for (let index = 1; index <= 3; index++) repo.write(`f${index}.txt`, numbered(50, `file ${index}`));
    repo.commit('base');
    repo.branch('feature');
    for (let index = 1; index <= 3; index++) {
      repo.remove(`f${index}.txt`);
      repo.write(`g${index}.txt`, `${numbered(50, `file ${index}`)}extra\n`);
    }
    repo.commit('move with edits');

    const detected = await readLocalChange({ cwd: repo.root });
    assert.deepEqual(
      detected.files.map((changed) => changed.status),
      ['renamed', 'renamed', 'renamed'],
    );
    assert.deepEqual(detected.unseen, []);

    const limited = await readLocalChange({ cwd: repo.root, renameLimit: 1 });
    assert.equal(limited.files.length, 6);
    assert.equal(limited.unseen.length, 1);
    assert.match(
      limited.unseen[0]!.reason,
      /rename detection was skipped.*renameLimit 1 \(it would need 3\)/,
    );
  });
});
