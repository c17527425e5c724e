import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../../src/errors/index.ts';
import { createOctokit, octokitFromEnv, parsePullRequestRef } from '../../../src/review/source/index.ts';

describe('parsePullRequestRef', () => {
  it('reads owner/repo#number and pull request addresses', () => {
    const expected = { repo: 'octo-org/app.js', owner: 'octo-org', name: 'app.js', pr: 123 };
    for (const text of [
      'octo-org/app.js#123',
      ' octo-org/app.js#123 ',
      'https://github.com/octo-org/app.js/pull/123',
      'https://github.com/octo-org/app.js/pull/123/files',
      'https://github.com/octo-org/app.js/pull/123/files?diff=split#r42',
      'http://www.github.com/octo-org/app.js/pull/123/',
      'github.com/octo-org/app.js/pull/123',
      'https://ghe.example.com/octo-org/app.js/pull/123',
      'https://api.github.com/repos/octo-org/app.js/pulls/123'.replace('/repos', ''),
    ]) {
      assert.deepEqual(parsePullRequestRef(text), expected, text);
    }
  });

  it('says what is wrong and how to write it', () => {
    const cases: [string, RegExp][] = [
      ['octo-org/app', /neither owner\/repo#number nor a web address/],
      ['octo-org/app#0', /"0" is not a pull request number/],
      ['octo-org/app#12a', /"12a" is not a pull request number/],
      ['octo-org/app#99999999999999999999', /is not a pull request number/],
      ['-bad-/app#1', /"-bad-" is not a GitHub user or organisation name/],
      ['octo-org/..#1', /".." is not a GitHub repository name/],
      ['https://github.com/octo-org/app/issues/5', /not a pull request page/],
      ['https://github.com/octo-org', /not a pull request page/],
      ['', /neither/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parsePullRequestRef(text),
        (error: unknown) =>
          error instanceof UsageError &&
          message.test(error.message) &&
          error.hint === 'write it as owner/repo#123 or https://github.com/owner/repo/pull/123',
        text,
      );
    }
  });
});

describe('octokitFromEnv', () => {
  it('needs GITHUB_TOKEN and says how to set it', () => {
    assert.throws(
      () => octokitFromEnv({}),
      (error: unknown) =>
        error instanceof UsageError &&
        /GITHUB_TOKEN is not set/.test(error.message) &&
        /export GITHUB_TOKEN=/.test(error.hint ?? ''),
    );
    assert.throws(() => octokitFromEnv({ GITHUB_TOKEN: ' ' }), /GITHUB_TOKEN is not set/);
  });

  it('takes GITHUB_API_URL for GitHub Enterprise Server and rejects one that is not a URL', () => {
    const octokit = octokitFromEnv({ GITHUB_TOKEN: 't', GITHUB_API_URL: 'https://ghe.example.com/api/v3/' });
    assert.equal(octokit.request.endpoint.DEFAULTS.baseUrl, 'https://ghe.example.com/api/v3');
    assert.equal(
      octokitFromEnv({ GITHUB_TOKEN: 't' }).request.endpoint.DEFAULTS.baseUrl,
      'https://api.github.com',
    );
    assert.throws(
      () => octokitFromEnv({ GITHUB_TOKEN: 't', GITHUB_API_URL: 'ghe.example.com' }),
      /GITHUB_API_URL is not an http\(s\) URL: "ghe\.example\.com"/,
    );
    assert.throws(() => createOctokit({ token: '' }), /the GitHub token is empty/);
  });
});
