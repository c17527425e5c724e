import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Kysely } from 'kysely';
import {
  claimedReviewId,
  claimTtlMs,
  GitHubPostingError,
  markedFingerprint,
  postReviewToPullRequest,
  summaryMarker,
} from '../../../src/github/post/index.ts';
import type { Finding } from '../../../src/review/finding.ts';
import { findingFingerprints } from '../../../src/review/output/finding-fingerprint.ts';
import type { Database } from '../../../src/store/index.ts';
import { forEachDatabase } from '../../support/databases.ts';
import {
  type FakeGitHubReply,
  type FakeGitHubServer,
  type RecordedGitHubRequest,
  startFakeGitHubServer,
} from '../../support/fake-github-server.ts';
import {
  addedFile,
  addPullRequest,
  config,
  finding,
  headSha,
  modifiedFile,
  now,
  octokitFor,
  removedFile,
  repo,
  report,
} from './post-fixtures.ts';

const limit = 65_536;

forEachDatabase('postReviewToPullRequest', (database) => {
  let server: FakeGitHubServer;
  let db: Kysely<Database>;
  let inject: ((request: RecordedGitHubRequest) => FakeGitHubReply | undefined) | undefined;
  let nextPr = 1;

  before(async () => {
    server = await startFakeGitHubServer({ respond: (request) => inject?.(request) });
    db = (await database.open()).db;
  });
  after(async () => {
    await server.close();
  });

  function post(
    pr: number,
    findings: Finding[],
    options: {
      files?: ReturnType<typeof addPullRequest>;
      maxInline?: number;
      queued?: number;
      at?: number;
      checkRun?: boolean;
    } = {},
  ) {
    return postReviewToPullRequest({
      octokit: octokitFor(server),
      db,
      repo,
      pr,
      headSha,
      report: report(pr, findings),
      files: options.files ?? [],
      config: {
        max_inline_comments: options.maxInline ?? config.max_inline_comments,
        check_run: options.checkRun ?? config.check_run,
      },
      ...(options.queued === undefined ? {} : { queued: options.queued }),
      now: options.at ?? now,
    });
  }

  async function rowsOf(pr: number) {
    return db
      .selectFrom('github_posted_findings')
      .selectAll()
      .where('repo', '=', repo)
      .where('pr', '=', pr)
      .orderBy('fingerprint')
      .execute();
  }

  function summaries(pr: number) {
    return server.issueComments(repo, pr).filter((comment) => comment.body?.startsWith(summaryMarker));
  }

  it('posts one review with inline comments, a multi-line suggestion, a summary comment and a check run', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    const findings = [
      finding({
        severity: 'high',
        category: 'security',
        title: 'SQL built from input',
        startLine: 5,
        endLine: 7,
        replacement: 'const query = sql`select 1`;\nreturn query;\n',
      }),
      finding({
        severity: 'medium',
        path: 'src/cart.ts',
        startLine: 13,
        endLine: 14,
        title: 'Total ignores discounts',
      }),
      finding({ severity: 'low', path: 'src/cart.ts', startLine: 42, endLine: 42, title: 'Typo in name' }),
      finding({ severity: 'medium', route: 'hint', confidence: 0.4, title: 'Maybe a race here' }),
    ];
    const result = await post(pr, findings, { files, queued: 2 });

    assert.equal(result.posted, 3);
    assert.equal(result.alreadyPosted, 0);
    assert.equal(result.overflow, 0);
    assert.equal(result.unanchored, 0);
    assert.ok(result.reviewId !== undefined);
    const reviews = server.reviews(repo, pr);
    assert.equal(reviews.length, 1);
    assert.equal(reviews[0]?.state, 'COMMENTED');
    assert.equal(reviews[0]?.commit_id, headSha);
    const comments = server.reviewComments(repo, pr);
    assert.equal(comments.length, 3);
    assert.ok(comments.every((comment) => Number(comment.pull_request_review_id) === result.reviewId));

    const security = comments.find((comment) => comment.body.includes('SQL built from input'));
    assert.ok(security !== undefined);
    assert.equal(security.start_line, 5);
    assert.equal(security.line, 7);
    assert.equal(security.side, 'RIGHT');
    assert.equal(security.start_side, 'RIGHT');
    assert.match(
      security.body,
      /^<!-- steward:finding:[0-9a-f]{32}:1 -->\n\*\*high\*\* · security · SQL built from input/,
    );
    assert.ok(
      security.body.includes('```suggestion\nconst query = sql`select 1`;\nreturn query;\n```'),
      security.body,
    );
    const single = comments.find((comment) => comment.body.includes('Typo in name'));
    assert.equal(single?.start_line, null, 'a one-line finding has no start_line');
    assert.equal(single?.line, 42);

    const fingerprints = findingFingerprints(findings);
    const rows = await rowsOf(pr);
    assert.equal(rows.length, 3);
    for (const row of rows) {
      const comment = comments.find((entry) => markedFingerprint(entry.body) === row.fingerprint);
      assert.ok(comment !== undefined, `row ${row.fingerprint} has its comment`);
      assert.equal(Number(row.comment_id), Number(comment.id));
      assert.equal(Number(row.review_id), result.reviewId);
      assert.ok(fingerprints.includes(row.fingerprint));
    }
    assert.deepEqual(
      rows.map((row) => row.finding_id).sort(),
      [findings[0]?.id, findings[1]?.id, findings[2]?.id].sort(),
    );

    const [summary, ...others] = summaries(pr);
    assert.equal(others.length, 0);
    assert.ok(summary !== undefined);
    assert.equal(Number(summary.id), result.summaryCommentId);
    assert.match(summary.body ?? '', /3 findings posted inline/);
    assert.match(summary.body ?? '', /cost \\\$0\.0123 of the \\\$2\.00 budget, \\\$1\.99 left/);
    assert.match(summary.body ?? '', /2 findings wait in the human review queue/);
    assert.match(
      summary.body ?? '',
      /<details><summary>1 hint: less sure or less severe<\/summary>[\s\S]*Maybe a race here/,
    );
    assert.match(summary.body ?? '', /Skipped: 1 file[\s\S]*lock file/);
    const state = await db
      .selectFrom('github_pull_requests')
      .selectAll()
      .where('repo', '=', repo)
      .where('pr', '=', pr)
      .executeTakeFirstOrThrow();
    assert.equal(Number(state.summary_comment_id), result.summaryCommentId);

    const [checkRun] = server.checkRuns(repo).filter((run) => Number(run.id) === result.checkRunId);
    assert.ok(checkRun !== undefined);
    assert.equal(checkRun.name, 'Steward');
    assert.equal(checkRun.head_sha, headSha);
    assert.equal(checkRun.status, 'completed');
    assert.equal(checkRun.conclusion, 'neutral');
    assert.equal(result.checkRunConclusion, 'neutral');
  });

  it('a second run with the same findings posts nothing new and edits the same summary comment', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    const make = () => [
      finding({ severity: 'high', title: 'Unchecked input', startLine: 3, endLine: 3 }),
      finding({ severity: 'low', path: 'src/cart.ts', startLine: 42, endLine: 42, title: 'Typo in name' }),
    ];
    const first = await post(pr, make(), { files });
    assert.equal(first.posted, 2);
    const firstBody = summaries(pr)[0]?.body;

    // The same findings from a new run (new ids, new run id), one minute later.
    const second = await post(pr, make(), { files, at: now + 60_000 });
    assert.equal(second.posted, 0);
    assert.equal(second.alreadyPosted, 2);
    assert.equal(second.reviewId, undefined);
    assert.equal(second.summaryCommentId, first.summaryCommentId);
    assert.equal(server.reviews(repo, pr).length, 1);
    assert.equal(server.reviewComments(repo, pr).length, 2);
    const after = summaries(pr);
    assert.equal(after.length, 1, 'exactly one summary comment');
    assert.notEqual(after[0]?.body, firstBody, 'edited in place');
    assert.match(after[0]?.body ?? '', /\*\*0 findings posted inline\*\* · 2 posted before/);
    assert.match(
      after[0]?.body ?? '',
      /Posted inline: 2 findings \(0 by this run\)[\s\S]*Unchecked input[\s\S]*Typo in name/,
    );
    assert.equal((await rowsOf(pr)).length, 2);
  });

  it('60 findings with max_inline_comments 30: one review of the 30 most severe, 30 overflow in the summary', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
    const findings = Array.from({ length: 60 }, (_, index) =>
      finding({
        severity: severities[Math.floor(index / 12)] ?? 'info',
        startLine: 1 + index * 3,
        endLine: 2 + index * 3,
        title: `Overflow candidate ${index}`,
        explanation: `${'A long explanation. '.repeat(150)}${index}`,
        replacement: `fixed(${index});\nfixed(${index});\n`,
      }),
    );
    // Shuffled: posting orders by severity itself.
    const shuffled = [...findings].sort(
      (left, right) =>
        (left.title.length % 7) - (right.title.length % 7) || (left.startLine % 5) - (right.startLine % 5),
    );
    const result = await post(pr, shuffled, { files, maxInline: 30 });

    assert.equal(result.posted, 30);
    assert.equal(result.overflow, 30);
    assert.equal(server.reviews(repo, pr).length, 1);
    const comments = server.reviewComments(repo, pr);
    assert.equal(comments.length, 30);
    const inlined = new Set<number>();
    for (const comment of comments) {
      assert.ok(comment.body.length <= limit);
      inlined.add(Number(/Overflow candidate (\d+)/.exec(comment.body)?.[1]));
    }
    // 12 critical (0–11), 12 high (12–23), then 6 of the 12 medium (24–35); nothing less severe.
    for (let index = 0; index < 24; index++) assert.ok(inlined.has(index), `most severe ${index} inline`);
    assert.equal([...inlined].filter((index) => index >= 24 && index < 36).length, 6);
    assert.ok([...inlined].every((index) => index < 36));
    const summary = summaries(pr)[0]?.body ?? '';
    assert.ok(summary.length <= limit);
    assert.match(summary, /Over the limit of 30 inline comments/);
    for (let index = 0; index < 60; index++) {
      if (!inlined.has(index))
        assert.ok(summary.includes(`Overflow candidate ${index}`), `overflow ${index} listed`);
    }
    assert.equal((await rowsOf(pr)).length, 30, 'overflow is not recorded as posted');
  });

  it('does not inline findings outside the diff: lines off the hunks, across hunks, deleted files, unknown files', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr, [
      addedFile('src/app.ts', 20),
      modifiedFile('src/cart.ts'),
      removedFile('src/gone.ts'),
    ]);
    const result = await post(
      pr,
      [
        finding({ title: 'On the diff', startLine: 12, endLine: 16, path: 'src/cart.ts' }),
        finding({ title: 'Between hunks', startLine: 20, endLine: 20, path: 'src/cart.ts' }),
        finding({ title: 'Across two hunks', startLine: 14, endLine: 42, path: 'src/cart.ts' }),
        finding({ title: 'Past the end', startLine: 19, endLine: 21 }),
        finding({ title: 'In a deleted file', startLine: 1, endLine: 1, path: 'src/gone.ts' }),
        finding({ title: 'In another file', startLine: 1, endLine: 1, path: 'src/elsewhere.ts' }),
      ],
      { files },
    );
    assert.equal(result.posted, 1);
    assert.equal(result.unanchored, 5);
    assert.equal(server.reviewComments(repo, pr).length, 1);
    const summary = summaries(pr)[0]?.body ?? '';
    assert.match(summary, /Not on lines of this diff/);
    for (const title of [
      'Between hunks',
      'Across two hunks',
      'Past the end',
      'In a deleted file',
      'In another file',
    ]) {
      assert.ok(summary.includes(title), title);
    }
    assert.equal((await rowsOf(pr)).length, 1);
  });

  it('when GitHub refuses the review as a whole (422), posts the comments one by one and lists the refused ones', async () => {
    const pr = nextPr++;
    // The review saw a longer file than GitHub now shows: line 150 passes the local check, GitHub refuses it.
    const reviewed = addPullRequest(server, pr, [addedFile('src/app.ts', 200)]);
    addPullRequest(server, pr, [addedFile('src/app.ts', 100)]);
    const result = await post(
      pr,
      [
        finding({ severity: 'high', title: 'Kept one', startLine: 10, endLine: 11 }),
        finding({ severity: 'medium', title: 'Refused one', startLine: 150, endLine: 150 }),
        finding({ severity: 'low', title: 'Kept two', startLine: 20, endLine: 20 }),
      ],
      { files: reviewed },
    );
    assert.equal(result.posted, 2);
    assert.equal(result.refused, 1);
    const comments = server.reviewComments(repo, pr);
    assert.deepEqual(comments.map((comment) => /Kept \w+|Refused one/.exec(comment.body)?.[0]).sort(), [
      'Kept one',
      'Kept two',
    ]);
    const multi = comments.find((comment) => comment.body.includes('Kept one'));
    assert.equal(multi?.start_line, 10);
    const summary = summaries(pr)[0]?.body ?? '';
    assert.match(summary, /GitHub refused 1 inline comment[^\n]*could not be resolved/);
    assert.ok(summary.includes('Refused one'));
    assert.ok(result.notes.some((note) => /refused the review as a whole/.test(note)));
    const rows = await rowsOf(pr);
    assert.equal(rows.length, 2, 'the refused finding is not recorded, so a later run may try again');
    assert.ok(rows.every((row) => row.comment_id !== null && Number(row.review_id) > 0));
  });

  it('a server error on the review fails the posting and releases the claims', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    inject = (request) =>
      request.method === 'POST' && request.path.endsWith(`/pulls/${pr}/reviews`)
        ? { status: 502, body: { message: 'Server Error' } }
        : undefined;
    try {
      await assert.rejects(post(pr, [finding({ title: 'Will retry' })], { files }), (error: unknown) => {
        assert.ok(error instanceof GitHubPostingError);
        assert.equal(error.status, 502);
        assert.match(error.message, /could not post a review on acme\/shop#\d+ on GitHub: 502/);
        return true;
      });
    } finally {
      inject = undefined;
    }
    assert.equal((await rowsOf(pr)).length, 0);
    const retry = await post(pr, [finding({ title: 'Will retry' })], { files });
    assert.equal(retry.posted, 1);
  });

  it('a summary comment deleted on GitHub is recreated; a lost id is found by its marker; never two', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    const octokit = octokitFor(server);
    const first = await post(pr, [finding({ title: 'Something' })], { files });
    server.addIssueComment(repo, pr, 'LGTM, but see the bot.');

    await octokit.rest.issues.deleteComment({
      owner: 'acme',
      repo: 'shop',
      comment_id: first.summaryCommentId,
    });
    const second = await post(pr, [finding({ title: 'Something' })], { files });
    assert.notEqual(second.summaryCommentId, first.summaryCommentId);
    assert.equal(summaries(pr).length, 1);

    await db
      .updateTable('github_pull_requests')
      .set({ summary_comment_id: null })
      .where('repo', '=', repo)
      .where('pr', '=', pr)
      .execute();
    const third = await post(pr, [finding({ title: 'Something' })], { files });
    assert.equal(third.summaryCommentId, second.summaryCommentId, 'found by its marker');
    assert.equal(summaries(pr).length, 1);
    assert.equal(server.issueComments(repo, pr).length, 2, 'the human comment is untouched');

    // A stale id of a comment that is not the summary (e.g. a row copied by hand) 404s on another PR: still one.
    await db
      .updateTable('github_pull_requests')
      .set({ summary_comment_id: 1 })
      .where('repo', '=', repo)
      .where('pr', '=', pr)
      .execute();
    const fourth = await post(pr, [finding({ title: 'Something' })], { files });
    assert.equal(fourth.summaryCommentId, second.summaryCommentId);
    assert.equal(summaries(pr).length, 1);
  });

  it('check run: success without findings, neutral with a partial review; a 403 does not fail the posting', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    const clean = await post(pr, [finding({ route: 'hint', title: 'Only a hint' })], { files });
    assert.equal(clean.posted, 0);
    assert.equal(clean.checkRunConclusion, 'success');
    assert.equal(
      server.checkRuns(repo).find((run) => Number(run.id) === clean.checkRunId)?.conclusion,
      'success',
    );

    const partial = await postReviewToPullRequest({
      octokit: octokitFor(server),
      db,
      repo,
      pr,
      headSha,
      report: report(pr, [], {
        incomplete: [{ unitId: 'unit-1', paths: ['src/app.ts'], reason: 'budget refused' }],
      }),
      files,
      config,
      now,
    });
    assert.equal(partial.checkRunConclusion, 'neutral');

    inject = (request) =>
      request.method === 'POST' && request.path.endsWith('/check-runs')
        ? {
            status: 403,
            body: {
              message: 'Resource not accessible by integration',
              documentation_url: 'https://docs.github.com/rest/checks/runs#create-a-check-run',
              status: '403',
            },
          }
        : undefined;
    try {
      const result = await post(pr, [finding({ title: 'Posted without a check run' })], { files });
      assert.equal(result.posted, 1);
      assert.equal(result.checkRunId, undefined);
      assert.ok(
        result.notes.some((note) =>
          /check run was not created: 403 Resource not accessible by integration/.test(note),
        ),
      );
      assert.match(summaries(pr)[0]?.body ?? '', /check run was not created: 403/);
    } finally {
      inject = undefined;
    }

    const before = server.checkRuns(repo).length;
    const off = await post(pr, [], { files, checkRun: false });
    assert.equal(off.checkRunId, undefined);
    assert.equal(server.checkRuns(repo).length, before);
  });

  it('adversarial model text: fences in a replacement, a 100,000-character explanation, hostile titles', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    const fenced = 'const doc = `\n```js\nx()\n```\n`;\n';
    const result = await post(
      pr,
      [
        finding({ title: 'Fenced replacement', startLine: 30, endLine: 31, replacement: fenced }),
        finding({
          title: 'Huge explanation',
          startLine: 40,
          endLine: 40,
          explanation: '<&>`@'.repeat(20_000),
        }),
        finding({ title: 'Deletes lines', startLine: 50, endLine: 51, replacement: '' }),
        finding({ title: '</details><!-- steward:summary --> @octocat', startLine: 60, endLine: 60 }),
      ],
      { files },
    );
    assert.equal(result.posted, 4);
    const comments = server.reviewComments(repo, pr);
    const withFences = comments.find((comment) => comment.body.includes('Fenced replacement'))?.body ?? '';
    assert.ok(withFences.includes(`\`\`\`\`suggestion\n${fenced.replace(/\n$/, '')}\n\`\`\`\``), withFences);
    const huge = comments.find((comment) => comment.body.includes('Huge explanation'))?.body ?? '';
    assert.ok(huge.length <= limit && huge.length > 30_000, `${huge.length}`);
    assert.ok(!huge.includes('<&>'), 'escaped');
    assert.ok(huge.endsWith('</sub>\n'), 'the footer survives the cut');
    const deletion = comments.find((comment) => comment.body.includes('Deletes lines'))?.body ?? '';
    assert.ok(deletion.includes('```suggestion\n```'));
    const hostile = comments.find((comment) => comment.body.includes('steward:summary'))?.body ?? '';
    assert.ok(
      !hostile.includes('</details>') && !hostile.includes('@octocat') && hostile.includes('@\u200boctocat'),
    );
    assert.equal(summaries(pr).length, 1, 'a title quoting the summary marker is no summary comment');
  });

  it('the summary stays under 65,536 characters with thousands of huge findings off the diff', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    const findings = Array.from({ length: 2_000 }, (_, index) =>
      finding({
        title: `Off the diff ${index}`,
        path: `src/other-${index}.ts`,
        explanation: '&'.repeat(5_000),
        replacement: 'x'.repeat(3_000),
      }),
    );
    const result = await post(pr, findings, { files, checkRun: true });
    assert.equal(result.unanchored, 2_000);
    const summary = summaries(pr)[0]?.body ?? '';
    assert.ok(summary.length <= limit, `${summary.length}`);
    assert.match(summary, /Shortened to fit 65,536 characters\. Not shown: \d[\d,]* findings off the diff/);
    const checkRun = server.checkRuns(repo).find((run) => Number(run.id) === result.checkRunId);
    assert.ok(Buffer.byteLength(checkRun?.output.text ?? '', 'utf8') <= 65_535);
  });

  it('two concurrent runs never post a finding twice', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    const make = () =>
      Array.from({ length: 8 }, (_, index) =>
        finding({ title: `Race ${index}`, startLine: 1 + index * 4, endLine: 2 + index * 4 }),
      );
    const results = await Promise.all([
      post(pr, make(), { files }),
      post(pr, make(), { files }),
      post(pr, make(), { files }),
    ]);
    assert.equal(
      results.reduce((sum, result) => sum + result.posted, 0),
      8,
    );
    const comments = server.reviewComments(repo, pr);
    assert.equal(comments.length, 8);
    assert.equal(new Set(comments.map((comment) => markedFingerprint(comment.body))).size, 8);
    assert.equal(summaries(pr).length, 1, 'racing summary comments converge on one');
  });

  it('after a crash between posting and recording, the markers on GitHub stop a second copy', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    const make = () => [
      finding({ title: 'Posted then crashed', startLine: 5, endLine: 5 }),
      finding({ title: 'Second', startLine: 8, endLine: 8 }),
    ];
    const first = await post(pr, make(), { files });
    assert.equal(first.posted, 2);
    // The run died before recording: no rows at all (or claims with no comment).
    const rows = await rowsOf(pr);
    await db.deleteFrom('github_posted_findings').where('repo', '=', repo).where('pr', '=', pr).execute();
    await db
      .insertInto('github_posted_findings')
      .values({ ...rows[0]!, comment_id: null, review_id: claimedReviewId, posted_at_ms: now })
      .execute();

    const retry = await post(pr, make(), { files, at: now + 1_000 });
    assert.equal(retry.posted, 0);
    assert.equal(retry.alreadyPosted, 2);
    assert.equal(server.reviewComments(repo, pr).length, 2);
    const recorded = await rowsOf(pr);
    assert.deepEqual(
      recorded.map((row) => [row.fingerprint, Number(row.comment_id), Number(row.review_id)]),
      rows.map((row) => [row.fingerprint, Number(row.comment_id), Number(row.review_id)]),
      'filled in from the comments on GitHub',
    );
  });

  it('a claim left by a dead run is respected while fresh and taken over once stale', async () => {
    const pr = nextPr++;
    const files = addPullRequest(server, pr);
    const make = () => [finding({ title: 'Claimed by a dead run', startLine: 5, endLine: 5 })];
    const [fingerprint] = findingFingerprints(make());
    await db
      .insertInto('github_posted_findings')
      .values({
        repo,
        pr,
        fingerprint: fingerprint!,
        finding_id: 'old',
        category: 'bug',
        comment_id: null,
        review_id: claimedReviewId,
        posted_at_ms: now,
      })
      .execute();

    const fresh = await post(pr, make(), { files, at: now + 60_000 });
    assert.equal(fresh.posted, 0);
    assert.equal(fresh.alreadyPosted, 1, 'another run may be posting it right now');

    const stale = await post(pr, make(), { files, at: now + claimTtlMs + 1 });
    assert.equal(stale.posted, 1);
    assert.equal(server.reviewComments(repo, pr).length, 1);
    const [row] = await rowsOf(pr);
    assert.ok(row !== undefined && row.comment_id !== null && Number(row.review_id) > 0);
  });

  it('refuses bad arguments before calling GitHub', async () => {
    const pr = nextPr++;
    addPullRequest(server, pr);
    const count = server.requests.length;
    await assert.rejects(
      postReviewToPullRequest({
        octokit: octokitFor(server),
        db,
        repo: 'not a repo',
        pr,
        headSha,
        report: report(pr, []),
        files: [],
        config,
        now,
      }),
      /is not a GitHub repository name/,
    );
    await assert.rejects(
      postReviewToPullRequest({
        octokit: octokitFor(server),
        db,
        repo,
        pr,
        headSha,
        report: { ...report(pr, []), planOnly: true },
        files: [],
        config,
        now,
      }),
      /plan-only review has nothing to post/,
    );
    await assert.rejects(
      postReviewToPullRequest({
        octokit: octokitFor(server),
        db,
        repo,
        pr,
        headSha: 'main',
        report: report(pr, []),
        files: [],
        config,
        now,
      }),
      /is not a commit id/,
    );
    assert.equal(server.requests.length, count);
  });
});
