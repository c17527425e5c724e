import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { resolveDataDir } from '../../src/store/index.ts';

test('STEWARD_DATA_DIR wins, made absolute', () => {
  assert.equal(
    resolveDataDir({ STEWARD_DATA_DIR: '/srv/steward', XDG_DATA_HOME: '/xdg', HOME: '/home/a' }),
    '/srv/steward',
  );
  assert.equal(resolveDataDir({ STEWARD_DATA_DIR: 'relative/data' }), resolve('relative/data'));
});

test('then $XDG_DATA_HOME/steward', () => {
  assert.equal(
    resolveDataDir({ STEWARD_DATA_DIR: '', XDG_DATA_HOME: '/xdg', HOME: '/home/a' }),
    '/xdg/steward',
  );
});

test('a relative XDG_DATA_HOME is ignored, as the XDG specification says', () => {
  assert.equal(resolveDataDir({ XDG_DATA_HOME: 'xdg', HOME: '/home/a' }), '/home/a/.local/share/steward');
});

test('else ~/.local/share/steward', () => {
  assert.equal(resolveDataDir({ HOME: '/home/a' }), '/home/a/.local/share/steward');
  assert.equal(resolveDataDir({}), join(homedir(), '.local', 'share', 'steward'));
});
