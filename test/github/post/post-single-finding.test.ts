import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Kysely } from 'kysely';
import {
  markedFingerprint,
  postReviewToPullRequest,
  postSingleFinding,
} from '../../../src/github/post/index.ts';
import { findingFingerprints } from '../../../src/review/output/finding-fingerprint.ts';
import type { Database } from '../../../src/store/index.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { type FakeGitHubServer, startFakeGitHubServer } from '../../support/fake-github-server.ts';
import { addPullRequest, config, finding, headSha, now, octokitFor, repo, report } from './post-fixtures.ts';

forEachDatabase('postSingleFinding', (database) => {
  let server: FakeGitHubServer;
  let db: Kysely<Database>;
  let nextPr = 1;

  before(async () => {
    server = await startFakeGitHubServer();
    db = (await database.open()).db;
  });
  after(async () => {
    await server.close();
  });

  async function rowsOf(pr: number) {
    return db
      .selectFrom('github_posted_findings')
      .selectAll()
      .where('repo', '=', repo)
      .where('pr', '=', pr)
      .execute();
  }

  it('posts an accepted finding once as a review comment; a second call posts nothing', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    const accepted = finding({
      title: 'Accepted from the queue',
      startLine: 12,
      endLine: 14,
      replacement: 'fixed();\n',
    });
    const options = { octokit: octokitFor(server), db, repo, pr, headSha, finding: accepted, files, now };

    const first = await postSingleFinding(options);
    assert.equal(first.posted, true);
    assert.equal(first.as, 'review-comment');
    const second = await postSingleFinding({ ...options, now: now + 1_000 });
    assert.deepEqual(second, { posted: false });
    // Nor does a later review run that finds the same thing.
    const run = await postReviewToPullRequest({
      octokit: octokitFor(server),
      db,
      repo,
      pr,
      headSha,
      report: report(pr, [{ ...accepted, id: 'a-later-run' }]),
      files,
      config,
      now: now + 2_000,
    });
    assert.equal(run.posted, 0);
    assert.equal(run.alreadyPosted, 1);

    const comments = server.reviewComments(repo, pr);
    assert.equal(comments.length, 1);
    assert.equal(Number(comments[0]?.id), first.commentId);
    assert.equal(comments[0]?.start_line, 12);
    assert.equal(comments[0]?.line, 14);
    assert.match(comments[0]?.body ?? '', /```suggestion\nfixed\(\);\n```/);
    const rows = await rowsOf(pr);
    assert.equal(rows.length, 1);
    assert.equal(Number(rows[0]?.comment_id), first.commentId);
    assert.equal(rows[0]?.finding_id, accepted.id);
    assert.equal(rows[0]?.fingerprint, findingFingerprints([accepted])[0]);
  });

  it('uses the fingerprint it was queued under', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    const twin = finding({ title: 'Same title twice', startLine: 30, endLine: 30 });
    const fingerprint = findingFingerprints([{ ...twin, startLine: 20, endLine: 20 }, twin])[1]!;
    assert.match(fingerprint, /:2$/);
    const result = await postSingleFinding({
      octokit: octokitFor(server),
      db,
      repo,
      pr,
      headSha,
      finding: twin,
      fingerprint,
      files,
      now,
    });
    assert.equal(result.posted, true);
    assert.equal(markedFingerprint(server.reviewComments(repo, pr)[0]?.body), fingerprint);
    assert.equal((await rowsOf(pr))[0]?.fingerprint, fingerprint);
    await assert.rejects(
      postSingleFinding({
        octokit: octokitFor(server),
        db,
        repo,
        pr,
        headSha,
        finding: twin,
        fingerprint: 'x --> <b>',
        now,
      }),
      /is not a finding fingerprint/,
    );
  });

  it('a finding off the current diff becomes a conversation comment naming its path and lines', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    const moved = finding({
      title: 'Lines moved away',
      path: 'src/cart.ts',
      startLine: 20,
      endLine: 22,
      replacement: 'a ``` b',
    });
    const options = { octokit: octokitFor(server), db, repo, pr, headSha, finding: moved, files, now };
    const first = await postSingleFinding(options);
    assert.equal(first.as, 'issue-comment');
    assert.equal(server.reviewComments(repo, pr).length, 0);
    const [comment] = server.issueComments(repo, pr);
    assert.equal(Number(comment?.id), first.commentId);
    assert.match(
      comment?.body ?? '',
      /^<!-- steward:finding:[0-9a-f]{32}:1 -->\n\*\*medium\*\* · bug · `src\/cart\.ts` L20-22 — Lines moved away/,
    );
    assert.ok(comment?.body?.includes('````\na ``` b\n````'));
    assert.deepEqual(await postSingleFinding(options), { posted: false });
    assert.equal(server.issueComments(repo, pr).length, 1);
    const [row] = await rowsOf(pr);
    assert.equal(row?.comment_id, null, 'no inline comment id for a conversation comment');
    assert.equal(row?.review_id, null);
  });

  it('without files, lets GitHub decide: a comment it cannot place goes to the conversation', async () => {
    const pr = nextPr++;
    addPullRequest(server, pr);
    const onDiff = await postSingleFinding({
      octokit: octokitFor(server),
      db,
      repo,
      pr,
      headSha,
      finding: finding({ title: 'Placed', startLine: 3, endLine: 3 }),
      now,
    });
    assert.equal(onDiff.as, 'review-comment');
    const offDiff = await postSingleFinding({
      octokit: octokitFor(server),
      db,
      repo,
      pr,
      headSha,
      finding: finding({ title: 'Not placed', startLine: 900, endLine: 900 }),
      now,
    });
    assert.equal(offDiff.as, 'issue-comment');
    // The head moved on since the finding was queued: GitHub refuses the old commit, the conversation takes it.
    const stale = await postSingleFinding({
      octokit: octokitFor(server),
      db,
      repo,
      pr,
      headSha: 'f'.repeat(40),
      finding: finding({ title: 'Old head', startLine: 4, endLine: 4 }),
      now,
    });
    assert.equal(stale.as, 'issue-comment');
    assert.equal(server.reviewComments(repo, pr).length, 1);
    assert.equal(server.issueComments(repo, pr).length, 2);
  });

  it('concurrent accepts of the same finding post one comment', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    const accepted = finding({ title: 'Accepted twice at once', startLine: 8, endLine: 8 });
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        postSingleFinding({
          octokit: octokitFor(server),
          db,
          repo,
          pr,
          headSha,
          finding: accepted,
          files,
          now,
        }),
      ),
    );
    assert.equal(results.filter((result) => result.posted).length, 1);
    assert.equal(server.reviewComments(repo, pr).length, 1);
  });
});
