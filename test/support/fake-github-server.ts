import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RestEndpointMethodTypes } from '@octokit/rest';

/** The payload of `GET /repos/{owner}/{repo}/pulls/{number}`, as GitHub's OpenAPI description types it. */
export type PullRequestPayload = RestEndpointMethodTypes['pulls']['get']['response']['data'];
/** One entry of `GET /repos/{owner}/{repo}/pulls/{number}/files`. */
export type DiffEntryPayload = RestEndpointMethodTypes['pulls']['listFiles']['response']['data'][number];
/** A pull-request review (`POST /repos/{owner}/{repo}/pulls/{number}/reviews`). */
export type ReviewPayload = RestEndpointMethodTypes['pulls']['createReview']['response']['data'];
/** A review comment as `GET /repos/{owner}/{repo}/pulls/{number}/comments` lists it. */
export type ReviewCommentPayload =
  RestEndpointMethodTypes['pulls']['createReviewComment']['response']['data'];
/** A review comment as `GET …/pulls/{number}/reviews/{review_id}/comments` lists it (a slightly different schema). */
export type ReviewCommentOfReviewPayload =
  RestEndpointMethodTypes['pulls']['listCommentsForReview']['response']['data'][number];
/** An issue (or pull-request conversation) comment; the server always stores a body. */
export type IssueCommentPayload = RestEndpointMethodTypes['issues']['createComment']['response']['data'] & {
  body: string;
};
/** A review as `reviews()` shows it: the payload GitHub returns, with the review's comments. */
export type FakeReview = ReviewPayload & { comments: ReviewCommentPayload[] };
export type CheckRunPayload = RestEndpointMethodTypes['checks']['create']['response']['data'];
export type ReactionPayload =
  RestEndpointMethodTypes['reactions']['listForPullRequestReviewComment']['response']['data'][number];
export type ReactionContent = ReactionPayload['content'];
type InstallationTokenPayload =
  RestEndpointMethodTypes['apps']['createInstallationAccessToken']['response']['data'];
type AppPayload = NonNullable<RestEndpointMethodTypes['apps']['getAuthenticated']['response']['data']>;
type ContentFilePayload = Extract<
  RestEndpointMethodTypes['repos']['getContent']['response']['data'],
  { type: 'file'; content: string }
>;
type Repository = PullRequestPayload['base']['repo'];
type SimpleUser = PullRequestPayload['user'];
type Side = 'LEFT' | 'RIGHT';

/** A file of a fake pull request; the URLs, `sha` and `changes` are filled in. */
export interface FakePullRequestFile {
  filename: string;
  status: DiffEntryPayload['status'];
  additions?: number;
  deletions?: number;
  /** Omitted for binary files and for diffs too large to show, as GitHub does. */
  patch?: string;
  previous_filename?: string;
}

export interface FakePullRequest {
  /** `owner/name` */
  repo: string;
  number: number;
  title?: string;
  baseSha: string;
  headSha: string;
  baseRef?: string;
  headRef?: string;
  files: FakePullRequestFile[];
  /** What `changed_files` says; defaults to the number of files. */
  changedFiles?: number;
}

/** A request as the server received it. */
export interface RecordedGitHubRequest {
  method: string;
  /** Path without the query, e.g. `/repos/o/r/pulls/1/files`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, when the request had one. */
  body?: unknown;
}

/** A canned reply that replaces the normal one. */
export interface FakeGitHubReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A GitHub App the server knows: installation tokens are bought with a JWT signed by its private key. */
export interface FakeGitHubApp {
  id: number;
  /** The App's public key (PEM); JWTs must carry an RS256 signature that verifies against it. */
  publicKeyPem: string;
  /** Default `steward`: its bot posts as `steward[bot]`. */
  slug?: string;
  /** Installations that exist; any positive id when omitted. */
  installationIds?: number[];
}

export interface FakeGitHubServerOptions {
  /** The token every request must carry (`Authorization: token …` or `Bearer …`). Default `test-token`. */
  token?: string;
  /** The most files the files endpoint lists. Default 3,000, as GitHub. */
  fileListLimit?: number;
  /** Consulted first; return a reply to override the route (errors, rate limits), undefined otherwise. */
  respond?: (request: RecordedGitHubRequest) => FakeGitHubReply | undefined;
  /** A GitHub App: enables `POST /app/installations/{id}/access_tokens` and `GET /app`. */
  app?: FakeGitHubApp;
  /** The server's clock, in milliseconds (token expiry, timestamps). Default `Date.now`. */
  now?: () => number;
}

export interface FakeGitHubServer {
  /** `http://127.0.0.1:<port>`: the Octokit `baseUrl` / `GITHUB_API_URL`. */
  readonly url: string;
  readonly token: string;
  /** Every request received, in arrival order. */
  readonly requests: RecordedGitHubRequest[];
  /** How many installation tokens the App routes handed out. */
  readonly issuedTokens: number;
  addPullRequest(pullRequest: FakePullRequest): void;
  /** Reviews of a pull request with their comments, oldest first (also the implicit ones of single comments). */
  reviews(repo: string, pr: number): FakeReview[];
  /** Review comments of a pull request, by id. */
  reviewComments(repo: string, pr: number): ReviewCommentPayload[];
  /** Conversation (issue) comments of a pull request, by id. */
  issueComments(repo: string, pr: number): IssueCommentPayload[];
  checkRuns(repo: string): CheckRunPayload[];
  /** Adds an issue comment written by someone (a person by default, a bot when the login ends in `[bot]`). */
  addIssueComment(repo: string, pr: number, body: string, login?: string): IssueCommentPayload;
  /** A reaction by `login` on a review comment; throws for an unknown comment. */
  addReaction(commentId: number, content: ReactionContent, login: string): ReactionPayload;
  /** A file served by the contents endpoint (at every ref). */
  setFile(repo: string, path: string, text: string): void;
  close(): Promise<void>;
}

const webHost = 'https://github.com';
/** GitHub's limit on a comment body, and on a check run's `output.summary` / `output.text` (bytes). */
const commentBodyLimit = 65_536;
const checkOutputLimit = 65_535;
const tokenLifetimeMs = 60 * 60_000;
let requestCounter = 1;

interface Actor {
  user: SimpleUser;
  /** The App, when the caller used an installation token. */
  app?: AppPayload;
}

interface PullRequestState {
  pullRequest: FakePullRequest;
  reviews: ReviewPayload[];
  comments: ReviewCommentPayload[];
  issueComments: IssueCommentPayload[];
}

type Route = (request: RecordedGitHubRequest, parameters: string[], actor: Actor) => FakeGitHubReply;

/**
 * Starts a local server answering the GitHub REST routes Steward uses, with real payload shapes and
 * GitHub's validation where Steward depends on it: review comments must sit on lines of the diff, bodies
 * are limited to 65,536 characters, check-run output to 65,535 bytes, installation tokens need a JWT
 * signed with the App's key.
 */
export async function startFakeGitHubServer(
  options: FakeGitHubServerOptions = {},
): Promise<FakeGitHubServer> {
  const token = options.token ?? 'test-token';
  const fileListLimit = options.fileListLimit ?? 3_000;
  const now = options.now ?? Date.now;
  const app = options.app;
  const appKey = app === undefined ? undefined : createPublicKey(app.publicKeyPem);
  const states = new Map<string, PullRequestState>();
  const reviewCommentIndex = new Map<number, PullRequestState>();
  const issueCommentIndex = new Map<number, PullRequestState>();
  const checkRunsByRepo = new Map<string, CheckRunPayload[]>();
  const reactionsByComment = new Map<number, ReactionPayload[]>();
  const contents = new Map<string, string>();
  const installationTokens = new Map<string, number>();
  const requests: RecordedGitHubRequest[] = [];
  let issuedTokens = 0;
  // Ids above 2^31, as GitHub's comment ids are today: a store column too narrow for them shows.
  let nextId = 3_000_000_001;
  let url = '';

  const server = createServer((request, response) => {
    const recorded = record(request);
    requests.push(recorded);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let reply: FakeGitHubReply | undefined;
      if (text !== '') {
        try {
          recorded.body = JSON.parse(text);
        } catch {
          reply = { status: 400, body: { message: 'Problems parsing JSON', status: '400' } };
        }
      }
      reply = options.respond?.(recorded) ?? reply ?? route(recorded);
      send(response, reply.status, reply.body, reply.headers);
    });
  });

  const iso = () => new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const appPayload = (): AppPayload | undefined => (app === undefined ? undefined : fakeAppPayload(app, url));

  const routes: [method: string, pattern: RegExp, route: Route][] = [
    ['GET', /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)$/, (_r, [repo, n]) => withPull(repo, n, getPull)],
    [
      'GET',
      /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/files$/,
      (r, [repo, n]) => withPull(repo, n, (s) => listFiles(r, s)),
    ],
    [
      'GET',
      /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/reviews$/,
      (r, [repo, n]) => withPull(repo, n, (s) => paginate(r, s.reviews)),
    ],
    [
      'POST',
      /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/reviews$/,
      (r, [repo, n], actor) => withPull(repo, n, (s) => createReview(r, s, actor)),
    ],
    [
      'GET',
      /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/reviews\/(\d+)$/,
      (_r, [repo, n, id]) =>
        withPull(repo, n, (s) => {
          const review = s.reviews.find((entry) => Number(entry.id) === Number(id));
          return review === undefined
            ? notFound('pulls/reviews#get-a-review-for-a-pull-request')
            : ok(review);
        }),
    ],
    [
      'GET',
      /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/reviews\/(\d+)\/comments$/,
      (r, [repo, n, id]) =>
        withPull(repo, n, (s) => {
          if (!s.reviews.some((entry) => Number(entry.id) === Number(id))) {
            return notFound('pulls/reviews#list-comments-for-a-pull-request-review');
          }
          const comments = s.comments.filter(
            (comment) => Number(comment.pull_request_review_id) === Number(id),
          );
          return paginate(r, comments.map(commentOfReview));
        }),
    ],
    [
      'GET',
      /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/comments$/,
      (r, [repo, n]) => withPull(repo, n, (s) => paginate(r, s.comments)),
    ],
    [
      'POST',
      /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/comments$/,
      (r, [repo, n], actor) => withPull(repo, n, (s) => createReviewComment(r, s, actor)),
    ],
    [
      'POST',
      /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/comments\/(\d+)\/replies$/,
      (r, [repo, n, id], actor) => withPull(repo, n, (s) => createReply(r, s, Number(id), actor)),
    ],
    [
      'GET',
      /^\/repos\/([^/]+\/[^/]+)\/pulls\/comments\/(\d+)$/,
      (_r, [repo, id]) => withReviewComment(repo, id, (comment) => ok(comment)),
    ],
    [
      'PATCH',
      /^\/repos\/([^/]+\/[^/]+)\/pulls\/comments\/(\d+)$/,
      (r, [repo, id]) =>
        withReviewComment(repo, id, (comment) => {
          const body = bodyOf(r);
          const problem = checkBody(
            body?.body,
            'PullRequestReviewComment',
            'pulls/comments#update-a-review-comment-for-a-pull-request',
          );
          if (problem !== undefined) return problem;
          comment.body = String(body?.body);
          comment.updated_at = iso();
          return ok(comment);
        }),
    ],
    [
      'DELETE',
      /^\/repos\/([^/]+\/[^/]+)\/pulls\/comments\/(\d+)$/,
      (_r, [repo, id]) =>
        withReviewComment(repo, id, (comment, state) => {
          state.comments = state.comments.filter((entry) => entry !== comment);
          reviewCommentIndex.delete(Number(comment.id));
          reactionsByComment.delete(Number(comment.id));
          return { status: 204, body: undefined };
        }),
    ],
    [
      'GET',
      /^\/repos\/([^/]+\/[^/]+)\/pulls\/comments\/(\d+)\/reactions$/,
      (r, [repo, id]) =>
        withReviewComment(repo, id, (comment) => {
          const reactions = reactionsByComment.get(Number(comment.id)) ?? [];
          const content = r.query.content;
          return paginate(
            r,
            content === undefined ? reactions : reactions.filter((entry) => entry.content === content),
          );
        }),
    ],
    [
      'GET',
      /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/,
      (r, [repo, n]) => withPull(repo, n, (s) => paginate(r, s.issueComments)),
    ],
    [
      'POST',
      /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/,
      (r, [repo, n], actor) =>
        withPull(repo, n, (s) => {
          const body = bodyOf(r);
          const problem = checkBody(body?.body, 'IssueComment', 'issues/comments#create-an-issue-comment');
          if (problem !== undefined) return problem;
          return { status: 201, body: addComment(s, String(body?.body), actor) };
        }),
    ],
    [
      'GET',
      /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/,
      (_r, [repo, id]) => withIssueComment(repo, id, (comment) => ok(comment)),
    ],
    [
      'PATCH',
      /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/,
      (r, [repo, id]) =>
        withIssueComment(repo, id, (comment) => {
          const body = bodyOf(r);
          const problem = checkBody(body?.body, 'IssueComment', 'issues/comments#update-an-issue-comment');
          if (problem !== undefined) return problem;
          comment.body = String(body?.body);
          comment.updated_at = iso();
          return ok(comment);
        }),
    ],
    [
      'DELETE',
      /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/,
      (_r, [repo, id]) =>
        withIssueComment(repo, id, (comment, state) => {
          state.issueComments = state.issueComments.filter((entry) => entry !== comment);
          issueCommentIndex.delete(Number(comment.id));
          return { status: 204, body: undefined };
        }),
    ],
    [
      'POST',
      /^\/repos\/([^/]+\/[^/]+)\/check-runs$/,
      (r, [repo], actor) => createCheckRun(r, repo ?? '', actor),
    ],
    [
      'PATCH',
      /^\/repos\/([^/]+\/[^/]+)\/check-runs\/(\d+)$/,
      (r, [repo, id]) => updateCheckRun(r, repo ?? '', Number(id)),
    ],
    [
      'GET',
      /^\/repos\/([^/]+\/[^/]+)\/check-runs\/(\d+)$/,
      (_r, [repo, id]) => {
        const run = checkRunsByRepo.get(repo ?? '')?.find((entry) => Number(entry.id) === Number(id));
        return run === undefined ? notFound('checks/runs#get-a-check-run') : ok(run);
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+\/[^/]+)\/contents\/(.+)$/,
      (_r, [repo, path]) => getContent(repo ?? '', path ?? ''),
    ],
  ];

  function route(request: RecordedGitHubRequest): FakeGitHubReply {
    if (request.path === '/app' || request.path.startsWith('/app/')) return appRoute(request);
    const authorization = request.headers.authorization ?? '';
    const credential = /^(?:token|bearer) (.+)$/i.exec(authorization)?.[1];
    const expiresAt = credential === undefined ? undefined : installationTokens.get(credential);
    let actor: Actor;
    if (credential === token) {
      actor = { user: simpleUser('steward-token-user', 10, url) };
    } else if (expiresAt !== undefined && expiresAt > now()) {
      const payload = appPayload();
      actor = {
        user: simpleUser(`${app?.slug ?? 'steward'}[bot]`, 20, url, 'Bot'),
        ...(payload === undefined ? {} : { app: payload }),
      };
    } else {
      return {
        status: 401,
        body: {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        },
      };
    }
    for (const [method, pattern, handler] of routes) {
      const match = pattern.exec(request.path);
      if (match !== null && request.method === method) return handler(request, match.slice(1), actor);
    }
    return notFound('pulls/pulls#get-a-pull-request');
  }

  function appRoute(request: RecordedGitHubRequest): FakeGitHubReply {
    if (app === undefined || appKey === undefined) return notFound('apps/apps#get-the-authenticated-app');
    const failure = checkJwt(request.headers.authorization ?? '', app, appKey, now());
    if (failure !== undefined) {
      return {
        status: 401,
        body: { message: failure, documentation_url: 'https://docs.github.com/rest', status: '401' },
      };
    }
    if (request.method === 'GET' && request.path === '/app') return ok(appPayload());
    const match = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(request.path);
    if (request.method !== 'POST' || match === null)
      return notFound('apps/apps#create-an-installation-access-token-for-an-app');
    const installationId = Number(match[1]);
    if (
      installationId < 1 ||
      (app.installationIds !== undefined && !app.installationIds.includes(installationId))
    ) {
      return notFound('apps/apps#create-an-installation-access-token-for-an-app');
    }
    const issued = `ghs_${randomBytes(18).toString('hex')}`;
    const expiresAt = now() + tokenLifetimeMs;
    installationTokens.set(issued, expiresAt);
    issuedTokens++;
    const payload: InstallationTokenPayload = {
      token: issued,
      expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions: {
        checks: 'write',
        contents: 'read',
        issues: 'write',
        metadata: 'read',
        pull_requests: 'write',
      },
      repository_selection: 'all',
    };
    return { status: 201, body: payload };
  }

  function withPull(
    repo: string | undefined,
    number: string | undefined,
    then: (state: PullRequestState) => FakeGitHubReply,
  ) {
    const state = states.get(`${repo}#${number}`);
    return state === undefined ? notFound('pulls/pulls#get-a-pull-request') : then(state);
  }

  function withReviewComment(
    repo: string | undefined,
    id: string | undefined,
    then: (comment: ReviewCommentPayload, state: PullRequestState) => FakeGitHubReply,
  ): FakeGitHubReply {
    const state = reviewCommentIndex.get(Number(id));
    const comment = state?.comments.find((entry) => Number(entry.id) === Number(id));
    if (state === undefined || comment === undefined || state.pullRequest.repo !== repo) {
      return notFound('pulls/comments#get-a-review-comment-for-a-pull-request');
    }
    return then(comment, state);
  }

  function withIssueComment(
    repo: string | undefined,
    id: string | undefined,
    then: (comment: IssueCommentPayload, state: PullRequestState) => FakeGitHubReply,
  ): FakeGitHubReply {
    const state = issueCommentIndex.get(Number(id));
    const comment = state?.issueComments.find((entry) => Number(entry.id) === Number(id));
    if (state === undefined || comment === undefined || state.pullRequest.repo !== repo) {
      return notFound('issues/comments#get-an-issue-comment');
    }
    return then(comment, state);
  }

  function getPull(state: PullRequestState): FakeGitHubReply {
    return ok(pullRequestPayload(state.pullRequest, url));
  }

  function listFiles(request: RecordedGitHubRequest, state: PullRequestState): FakeGitHubReply {
    const listed = state.pullRequest.files.slice(0, fileListLimit);
    return paginate(request, listed, (file) => diffEntryPayload(state.pullRequest, file));
  }

  /** One page of `items` as GitHub pages lists: `per_page` (≤ 100, default 30), `page`, a Link header. */
  function paginate<T, U = T>(
    request: RecordedGitHubRequest,
    items: readonly T[],
    map: (item: T) => U = (item) => item as unknown as U,
  ): FakeGitHubReply {
    const perPage = Math.min(100, Math.max(1, Number(request.query.per_page ?? 30) || 30));
    const page = Math.max(1, Number(request.query.page ?? 1) || 1);
    const lastPage = Math.max(1, Math.ceil(items.length / perPage));
    const entries = items.slice((page - 1) * perPage, page * perPage).map(map);
    const link = (number: number, rel: string) =>
      `<${url}${request.path}?per_page=${perPage}&page=${number}>; rel="${rel}"`;
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'));
    if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    return {
      status: 200,
      body: entries,
      ...(links.length === 0 ? {} : { headers: { link: links.join(', ') } }),
    };
  }

  function createReview(
    request: RecordedGitHubRequest,
    state: PullRequestState,
    actor: Actor,
  ): FakeGitHubReply {
    const documentation = 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request';
    const refuse = (error: string): FakeGitHubReply => ({
      status: 422,
      body: {
        message: 'Unprocessable Entity',
        errors: [error],
        documentation_url: documentation,
        status: '422',
      },
    });
    const body = bodyOf(request) ?? {};
    const { pullRequest } = state;
    const commitId = body.commit_id ?? pullRequest.headSha;
    if (commitId !== pullRequest.headSha) return refuse('Commit is not the head of the pull request');
    const event = body.event;
    if (event !== undefined && !['APPROVE', 'REQUEST_CHANGES', 'COMMENT'].includes(String(event))) {
      return refuse(`Unknown review event: ${String(event)}`);
    }
    const reviewBody = body.body === undefined || body.body === null ? '' : String(body.body);
    if (reviewBody.length > commentBodyLimit)
      return refuse(`Body is too long (maximum is ${commentBodyLimit} characters)`);
    const drafts = Array.isArray(body.comments) ? (body.comments as unknown[]) : [];
    if ((event === 'COMMENT' || event === 'REQUEST_CHANGES') && reviewBody === '' && drafts.length === 0) {
      return refuse('Review body is required for a COMMENT or REQUEST_CHANGES review without comments');
    }
    const placed: { draft: Record<string, unknown>; anchor: Anchor }[] = [];
    for (const draft of drafts) {
      const fields = isRecord(draft) ? draft : {};
      const text = fields.body;
      if (typeof text !== 'string' || text === '') return refuse("Body can't be blank");
      if (text.length > commentBodyLimit)
        return refuse(`Body is too long (maximum is ${commentBodyLimit} characters)`);
      const anchor = resolveAnchor(pullRequest, fields);
      if (typeof anchor === 'string') return refuse(anchor);
      placed.push({ draft: fields, anchor });
    }
    const review = addReview(
      state,
      reviewBody,
      event === undefined ? 'PENDING' : reviewState(String(event)),
      actor,
    );
    for (const { draft, anchor } of placed)
      addReviewComment(state, review, String(draft.body), anchor, actor);
    return ok(review);
  }

  function createReviewComment(
    request: RecordedGitHubRequest,
    state: PullRequestState,
    actor: Actor,
  ): FakeGitHubReply {
    const documentation =
      'https://docs.github.com/rest/pulls/comments#create-a-review-comment-for-a-pull-request';
    const body = bodyOf(request) ?? {};
    const problem = checkBody(
      body.body,
      'PullRequestReviewComment',
      'pulls/comments#create-a-review-comment-for-a-pull-request',
    );
    if (problem !== undefined) return problem;
    if (body.in_reply_to !== undefined) return createReply(request, state, Number(body.in_reply_to), actor);
    if (body.commit_id !== state.pullRequest.headSha) {
      return validationFailed(
        'PullRequestReviewComment',
        'commit_id',
        'commit_id is not the head of the pull request',
        documentation,
      );
    }
    const anchor = resolveAnchor(state.pullRequest, body);
    if (typeof anchor === 'string') {
      return validationFailed(
        'PullRequestReviewComment',
        'pull_request_review_thread.line',
        anchor,
        documentation,
      );
    }
    const review = addReview(state, '', 'COMMENTED', actor);
    return { status: 201, body: addReviewComment(state, review, String(body.body), anchor, actor) };
  }

  function createReply(
    request: RecordedGitHubRequest,
    state: PullRequestState,
    id: number,
    actor: Actor,
  ): FakeGitHubReply {
    const body = bodyOf(request) ?? {};
    const problem = checkBody(
      body.body,
      'PullRequestReviewComment',
      'pulls/comments#create-a-reply-for-a-review-comment',
    );
    if (problem !== undefined) return problem;
    const target = state.comments.find((comment) => Number(comment.id) === id);
    if (target === undefined) return notFound('pulls/comments#create-a-reply-for-a-review-comment');
    // GitHub threads are flat: a reply to a reply answers the thread's first comment.
    const root =
      target.in_reply_to_id === undefined
        ? target
        : (state.comments.find((comment) => Number(comment.id) === target.in_reply_to_id) ?? target);
    const review = addReview(state, '', 'COMMENTED', actor);
    const reply = addReviewComment(state, review, String(body.body), anchorOf(root), actor);
    reply.in_reply_to_id = Number(root.id);
    return { status: 201, body: reply };
  }

  function addReview(
    state: PullRequestState,
    body: string,
    reviewState: string,
    actor: Actor,
  ): ReviewPayload {
    const { pullRequest } = state;
    const id = nextId++;
    const html = `${webHost}/${pullRequest.repo}/pull/${pullRequest.number}#pullrequestreview-${id}`;
    const pullUrl = `${url}/repos/${pullRequest.repo}/pulls/${pullRequest.number}`;
    const review: ReviewPayload = {
      id,
      node_id: `PRR_kwDO${id}`,
      user: actor.user,
      body,
      state: reviewState,
      html_url: html,
      pull_request_url: pullUrl,
      _links: { html: { href: html }, pull_request: { href: pullUrl } },
      commit_id: pullRequest.headSha,
      author_association: 'NONE',
      ...(reviewState === 'PENDING' ? {} : { submitted_at: iso() }),
    };
    state.reviews.push(review);
    return review;
  }

  function addReviewComment(
    state: PullRequestState,
    review: ReviewPayload,
    body: string,
    anchor: Anchor,
    actor: Actor,
  ): ReviewCommentPayload {
    const { pullRequest } = state;
    const id = nextId++;
    const api = `${url}/repos/${pullRequest.repo}`;
    const html = `${webHost}/${pullRequest.repo}/pull/${pullRequest.number}#discussion_r${id}`;
    const pullUrl = `${api}/pulls/${pullRequest.number}`;
    const at = iso();
    const comment: ReviewCommentPayload = {
      url: `${api}/pulls/comments/${id}`,
      pull_request_review_id: Number(review.id),
      id,
      node_id: `PRRC_kwDO${id}`,
      diff_hunk: anchor.diffHunk,
      path: anchor.path,
      position: anchor.position,
      original_position: anchor.position,
      commit_id: pullRequest.headSha,
      original_commit_id: pullRequest.headSha,
      user: actor.user,
      body,
      created_at: at,
      updated_at: at,
      html_url: html,
      pull_request_url: pullUrl,
      author_association: 'NONE',
      _links: {
        self: { href: `${api}/pulls/comments/${id}` },
        html: { href: html },
        pull_request: { href: pullUrl },
      },
      start_line: anchor.startLine ?? null,
      original_start_line: anchor.startLine ?? null,
      start_side: anchor.startLine === undefined ? null : anchor.startSide,
      line: anchor.line,
      original_line: anchor.line,
      side: anchor.side,
      subject_type: 'line',
      reactions: reactionRollup(`${api}/pulls/comments/${id}/reactions`, []),
    };
    state.comments.push(comment);
    reviewCommentIndex.set(id, state);
    return comment;
  }

  function addComment(state: PullRequestState, body: string, actor: Actor): IssueCommentPayload {
    const { pullRequest } = state;
    const id = nextId++;
    const api = `${url}/repos/${pullRequest.repo}`;
    const at = iso();
    const comment: IssueCommentPayload = {
      id,
      node_id: `IC_kwDO${id}`,
      url: `${api}/issues/comments/${id}`,
      body,
      html_url: `${webHost}/${pullRequest.repo}/pull/${pullRequest.number}#issuecomment-${id}`,
      user: actor.user,
      created_at: at,
      updated_at: at,
      issue_url: `${api}/issues/${pullRequest.number}`,
      author_association: 'NONE',
      performed_via_github_app: actor.app ?? null,
      reactions: reactionRollup(`${api}/issues/comments/${id}/reactions`, []),
    };
    state.issueComments.push(comment);
    issueCommentIndex.set(id, state);
    return comment;
  }

  function createCheckRun(request: RecordedGitHubRequest, repo: string, actor: Actor): FakeGitHubReply {
    const documentation = 'https://docs.github.com/rest/checks/runs#create-a-check-run';
    const body = bodyOf(request) ?? {};
    if (typeof body.name !== 'string' || body.name === '') {
      return validationFailed('CheckRun', 'name', "name wasn't supplied", documentation);
    }
    const headSha = String(body.head_sha ?? '');
    const known = [...states.values()].some(
      (state) =>
        state.pullRequest.repo === repo &&
        (state.pullRequest.headSha === headSha || state.pullRequest.baseSha === headSha),
    );
    if (!known)
      return validationFailed('CheckRun', 'head_sha', `No commit found for SHA: ${headSha}`, documentation);
    const id = nextId++;
    const api = `${url}/repos/${repo}`;
    const run: CheckRunPayload = {
      id,
      head_sha: headSha,
      node_id: `CR_kwDO${id}`,
      external_id: null,
      url: `${api}/check-runs/${id}`,
      html_url: `${webHost}/${repo}/runs/${id}`,
      details_url: null,
      status: 'queued',
      conclusion: null,
      started_at: iso(),
      completed_at: null,
      output: {
        title: null,
        summary: null,
        text: null,
        annotations_count: 0,
        annotations_url: `${api}/check-runs/${id}/annotations`,
      },
      name: body.name,
      check_suite: { id: id + 1 },
      app: actor.app ?? null,
      pull_requests: [...states.values()]
        .filter((state) => state.pullRequest.repo === repo && state.pullRequest.headSha === headSha)
        .map((state) => pullRequestMinimal(state.pullRequest, url)),
    };
    const problem = applyCheckRunFields(run, body, documentation);
    if (problem !== undefined) return problem;
    const runs = checkRunsByRepo.get(repo) ?? [];
    runs.push(run);
    checkRunsByRepo.set(repo, runs);
    return { status: 201, body: run };
  }

  function updateCheckRun(request: RecordedGitHubRequest, repo: string, id: number): FakeGitHubReply {
    const documentation = 'https://docs.github.com/rest/checks/runs#update-a-check-run';
    const run = checkRunsByRepo.get(repo)?.find((entry) => Number(entry.id) === id);
    if (run === undefined) return notFound('checks/runs#update-a-check-run');
    const updated: CheckRunPayload = { ...run, output: { ...run.output } };
    const body = bodyOf(request) ?? {};
    if (typeof body.name === 'string' && body.name !== '') updated.name = body.name;
    const problem = applyCheckRunFields(updated, body, documentation);
    if (problem !== undefined) return problem;
    Object.assign(run, updated);
    return ok(run);
  }

  /** Status, conclusion and output of a check-run request, validated as GitHub does; mutates `run`. */
  function applyCheckRunFields(
    run: CheckRunPayload,
    body: Record<string, unknown>,
    documentation: string,
  ): FakeGitHubReply | undefined {
    const conclusions = [
      'action_required',
      'cancelled',
      'failure',
      'neutral',
      'success',
      'skipped',
      'stale',
      'timed_out',
    ];
    if (body.conclusion !== undefined && !conclusions.includes(String(body.conclusion))) {
      return validationFailed(
        'CheckRun',
        'conclusion',
        `${String(body.conclusion)} is not a valid conclusion`,
        documentation,
      );
    }
    if (body.status !== undefined && !['queued', 'in_progress', 'completed'].includes(String(body.status))) {
      return validationFailed(
        'CheckRun',
        'status',
        `${String(body.status)} is not a valid status`,
        documentation,
      );
    }
    if (body.status === 'completed' && body.conclusion === undefined && run.conclusion === null) {
      return {
        status: 422,
        body: {
          message: 'Invalid request.\n\nNo conclusion provided for a completed check run.',
          documentation_url: documentation,
          status: '422',
        },
      };
    }
    if (body.output !== undefined) {
      const output = isRecord(body.output) ? body.output : {};
      if (typeof output.title !== 'string' || typeof output.summary !== 'string') {
        return {
          status: 422,
          body: {
            message: 'Invalid request.\n\n"title" and "summary" are required in "output".',
            documentation_url: documentation,
            status: '422',
          },
        };
      }
      for (const field of ['summary', 'text'] as const) {
        const value = output[field];
        if (typeof value === 'string' && Buffer.byteLength(value, 'utf8') > checkOutputLimit) {
          return validationFailed(
            'CheckRun',
            field,
            `${field} exceeds a maximum bytesize of ${checkOutputLimit}`,
            documentation,
          );
        }
      }
      run.output.title = output.title;
      run.output.summary = output.summary;
      run.output.text = typeof output.text === 'string' ? output.text : null;
    }
    if (body.status !== undefined) run.status = body.status as CheckRunPayload['status'];
    if (body.conclusion !== undefined) {
      run.conclusion = body.conclusion as CheckRunPayload['conclusion'];
      run.status = 'completed';
    }
    if (typeof body.started_at === 'string') run.started_at = body.started_at;
    if (run.status === 'completed') {
      run.completed_at =
        typeof body.completed_at === 'string' ? body.completed_at : (run.completed_at ?? iso());
    }
    return undefined;
  }

  function getContent(repo: string, encodedPath: string): FakeGitHubReply {
    let path: string;
    try {
      path = decodeURIComponent(encodedPath);
    } catch {
      return notFound('repos/contents#get-repository-content');
    }
    const text = contents.get(`${repo}:${path}`);
    if (text === undefined) return notFound('repos/contents#get-repository-content');
    const bytes = Buffer.from(text, 'utf8');
    const sha = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    const api = `${url}/repos/${repo}`;
    const payload: ContentFilePayload = {
      type: 'file',
      encoding: 'base64',
      size: bytes.length,
      name: path.split('/').pop() ?? path,
      path,
      // GitHub wraps the base64 text at 60 characters.
      content: `${bytes.toString('base64').replace(/.{60}/g, '$&\n')}\n`,
      sha,
      url: `${api}/contents/${encoded}?ref=main`,
      git_url: `${api}/git/blobs/${sha}`,
      html_url: `${webHost}/${repo}/blob/main/${encoded}`,
      download_url: `https://raw.githubusercontent.com/${repo}/main/${encoded}`,
      _links: {
        git: `${api}/git/blobs/${sha}`,
        html: `${webHost}/${repo}/blob/main/${encoded}`,
        self: `${api}/contents/${encoded}?ref=main`,
      },
    };
    return ok(payload);
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const stateOf = (repo: string, pr: number): PullRequestState | undefined => states.get(`${repo}#${pr}`);

  return {
    url,
    token,
    requests,
    get issuedTokens() {
      return issuedTokens;
    },
    addPullRequest(pullRequest) {
      const key = `${pullRequest.repo}#${pullRequest.number}`;
      const existing = states.get(key);
      if (existing === undefined) {
        states.set(key, { pullRequest, reviews: [], comments: [], issueComments: [] });
      } else {
        // A new push: the same conversation, a new head.
        existing.pullRequest = pullRequest;
      }
    },
    reviews: (repo, pr) => {
      const state = stateOf(repo, pr);
      return (state?.reviews ?? []).map((review) => ({
        ...review,
        comments: state?.comments.filter((comment) => comment.pull_request_review_id === review.id) ?? [],
      }));
    },
    reviewComments: (repo, pr) => [...(stateOf(repo, pr)?.comments ?? [])],
    issueComments: (repo, pr) => [...(stateOf(repo, pr)?.issueComments ?? [])],
    checkRuns: (repo) => [...(checkRunsByRepo.get(repo) ?? [])],
    addIssueComment(repo, pr, body, login = 'octocat') {
      const state = stateOf(repo, pr);
      if (state === undefined) throw new Error(`no pull request ${repo}#${pr} on the fake server`);
      return addComment(state, body, {
        user: simpleUser(login, 1_000 + login.length, url, login.endsWith('[bot]') ? 'Bot' : 'User'),
      });
    },
    addReaction(commentId, content, login) {
      const state = reviewCommentIndex.get(commentId);
      const comment = state?.comments.find((entry) => Number(entry.id) === commentId);
      if (comment === undefined) throw new Error(`no review comment ${commentId} on the fake server`);
      const id = nextId++;
      const reaction: ReactionPayload = {
        id,
        node_id: `REA_lADO${id}`,
        user: simpleUser(login, 1_000 + login.length, url, login.endsWith('[bot]') ? 'Bot' : 'User'),
        content,
        created_at: iso(),
      };
      const reactions = reactionsByComment.get(commentId) ?? [];
      reactions.push(reaction);
      reactionsByComment.set(commentId, reactions);
      comment.reactions = reactionRollup(comment.reactions?.url ?? '', reactions);
      return reaction;
    },
    setFile(repo, path, text) {
      contents.set(`${repo}:${path}`, text);
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Where a review comment sits in a file's patch. */
interface Anchor {
  path: string;
  line: number;
  side: Side;
  startLine?: number;
  startSide: Side;
  diffHunk: string;
  position: number;
}

interface PatchHunk {
  /** Index of the `@@` line among the patch's lines (GitHub's `position` counts from the first one). */
  headerIndex: number;
  /** The hunk's lines, header first. */
  lines: string[];
  /** Line number → index in `lines`, per side. */
  right: Map<number, number>;
  left: Map<number, number>;
}

/**
 * Resolves a comment's `path`, `line`, `side`, `start_line`, `start_side` against the pull request's
 * patches as GitHub does: the line must be on its side of one hunk (added or context lines for RIGHT,
 * removed or context lines for LEFT), and a range must start before its end in the same hunk.
 * Returns GitHub's error text when it cannot be resolved.
 */
function resolveAnchor(pullRequest: FakePullRequest, fields: Record<string, unknown>): Anchor | string {
  if (fields.position !== undefined && fields.line === undefined)
    return 'Position-based comments are not supported by the fake server';
  const path = fields.path;
  const line = fields.line;
  if (typeof path !== 'string' || !Number.isSafeInteger(line)) return 'Line could not be resolved';
  const side: Side = fields.side === 'LEFT' ? 'LEFT' : 'RIGHT';
  const startSide: Side =
    fields.start_side === 'LEFT' ? 'LEFT' : fields.start_side === 'RIGHT' ? 'RIGHT' : side;
  const file = pullRequest.files.find((entry) => entry.filename === path);
  if (file === undefined) return 'Path could not be resolved';
  if (file.patch === undefined) return 'Line could not be resolved';
  const hunks = parsePatch(file.patch);
  const lineNumber = line as number;
  const hunk = hunks.find((entry) => (side === 'RIGHT' ? entry.right : entry.left).has(lineNumber));
  if (hunk === undefined) return 'Line could not be resolved';
  const index = (side === 'RIGHT' ? hunk.right : hunk.left).get(lineNumber) ?? 0;
  let startLine: number | undefined;
  if (fields.start_line !== undefined && fields.start_line !== null) {
    if (!Number.isSafeInteger(fields.start_line)) return 'Start line could not be resolved';
    startLine = fields.start_line as number;
    const startIndex = (startSide === 'RIGHT' ? hunk.right : hunk.left).get(startLine);
    if (startIndex === undefined) return 'Start line must be part of the same hunk as the line.';
    if (startIndex >= index) return 'Start line must precede the end line.';
  }
  return {
    path,
    line: lineNumber,
    side,
    ...(startLine === undefined ? {} : { startLine }),
    startSide,
    diffHunk: hunk.lines.slice(0, index + 1).join('\n'),
    position: hunk.headerIndex + index,
  };
}

function anchorOf(comment: ReviewCommentPayload): Anchor {
  return {
    path: comment.path,
    line: comment.line ?? 0,
    side: comment.side ?? 'RIGHT',
    ...(comment.start_line == null ? {} : { startLine: comment.start_line }),
    startSide: comment.start_side ?? comment.side ?? 'RIGHT',
    diffHunk: comment.diff_hunk,
    position: comment.position ?? 0,
  };
}

function parsePatch(patch: string): PatchHunk[] {
  const hunks: PatchHunk[] = [];
  let current: PatchHunk | undefined;
  let oldLine = 0;
  let newLine = 0;
  patch.split('\n').forEach((text, patchIndex) => {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (header !== null) {
      current = { headerIndex: patchIndex, lines: [text], right: new Map(), left: new Map() };
      hunks.push(current);
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
      return;
    }
    if (current === undefined) return;
    current.lines.push(text);
    const index = current.lines.length - 1;
    if (text.startsWith('+')) current.right.set(newLine++, index);
    else if (text.startsWith('-')) current.left.set(oldLine++, index);
    else if (text.startsWith(' ') || text === '') {
      current.right.set(newLine++, index);
      current.left.set(oldLine++, index);
    }
  });
  return hunks;
}

/**
 * Checks a JWT as GitHub checks an App's: RS256, signed with the App's key, `iss` the App id, not
 * expired, and at most ten minutes long. Returns GitHub's message when it is refused.
 */
function checkJwt(
  authorization: string,
  app: FakeGitHubApp,
  key: ReturnType<typeof createPublicKey>,
  nowMs: number,
): string | undefined {
  const jwt = /^bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(authorization);
  if (jwt === null) return 'A JSON web token could not be decoded';
  const [, header = '', payload = '', signature = ''] = jwt;
  let claims: Record<string, unknown>;
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (head.alg !== 'RS256') return 'A JSON web token could not be decoded';
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return 'A JSON web token could not be decoded';
  }
  const valid = verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    key,
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) return 'A JSON web token could not be decoded';
  if (String(claims.iss) !== String(app.id)) return "'Issuer' claim ('iss') must be an Integer";
  const seconds = nowMs / 1000;
  if (typeof claims.exp !== 'number' || claims.exp <= seconds) {
    return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  }
  if (typeof claims.iat !== 'number' || claims.iat > seconds + 60) {
    return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
  }
  if (claims.exp - claims.iat > 600) return "'Expiration time' claim ('exp') is too far in the future";
  return undefined;
}

function reviewState(event: string): string {
  return event === 'APPROVE' ? 'APPROVED' : event === 'REQUEST_CHANGES' ? 'CHANGES_REQUESTED' : 'COMMENTED';
}

/** The `review-comment` schema of a stored review comment (what a review's comment listing returns). */
function commentOfReview(comment: ReviewCommentPayload): ReviewCommentOfReviewPayload {
  const { position, original_position: originalPosition, ...rest } = comment;
  return { ...rest, position: position ?? null, original_position: originalPosition ?? 0 };
}

function reactionRollup(
  url: string,
  reactions: readonly ReactionPayload[],
): NonNullable<ReviewCommentPayload['reactions']> {
  const count = (content: ReactionContent) =>
    reactions.filter((reaction) => reaction.content === content).length;
  return {
    url,
    total_count: reactions.length,
    '+1': count('+1'),
    '-1': count('-1'),
    laugh: count('laugh'),
    confused: count('confused'),
    heart: count('heart'),
    hooray: count('hooray'),
    eyes: count('eyes'),
    rocket: count('rocket'),
  };
}

function fakeAppPayload(app: FakeGitHubApp, apiUrl: string): AppPayload {
  const slug = app.slug ?? 'steward';
  return {
    id: app.id,
    slug,
    node_id: `A_kwDO${app.id}`,
    client_id: `Iv1.${app.id.toString(16).padStart(16, '0')}`,
    owner: simpleUser('octo-org', 2, apiUrl, 'Organization'),
    name: slug === 'steward' ? 'Steward' : slug,
    description: 'Reviews pull requests under a budget',
    external_url: 'https://example.com/steward',
    html_url: `${webHost}/apps/${slug}`,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    permissions: {
      checks: 'write',
      contents: 'read',
      issues: 'write',
      metadata: 'read',
      pull_requests: 'write',
    },
    events: ['pull_request', 'issue_comment', 'installation'],
    installations_count: 1,
  };
}

function pullRequestMinimal(
  pullRequest: FakePullRequest,
  apiUrl: string,
): CheckRunPayload['pull_requests'][number] {
  const repo = {
    id: 42,
    url: `${apiUrl}/repos/${pullRequest.repo}`,
    name: pullRequest.repo.split('/')[1] ?? pullRequest.repo,
  };
  return {
    id: 1_000_000 + pullRequest.number,
    number: pullRequest.number,
    url: `${apiUrl}/repos/${pullRequest.repo}/pulls/${pullRequest.number}`,
    head: { ref: pullRequest.headRef ?? 'feature', sha: pullRequest.headSha, repo },
    base: { ref: pullRequest.baseRef ?? 'main', sha: pullRequest.baseSha, repo },
  };
}

function bodyOf(request: RecordedGitHubRequest): Record<string, unknown> | undefined {
  return isRecord(request.body) ? request.body : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A comment body GitHub refuses: missing, empty, or longer than 65,536 characters. */
function checkBody(body: unknown, resource: string, documentation: string): FakeGitHubReply | undefined {
  const url = `https://docs.github.com/rest/${documentation}`;
  if (typeof body !== 'string' || body === '')
    return validationFailed(resource, 'body', "body can't be blank", url);
  if (body.length > commentBodyLimit) {
    return {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [
          {
            resource,
            code: 'unprocessable',
            field: 'data',
            message: `Body is too long (maximum is ${commentBodyLimit} characters)`,
          },
        ],
        documentation_url: url,
        status: '422',
      },
    };
  }
  return undefined;
}

function validationFailed(
  resource: string,
  field: string,
  message: string,
  documentation: string,
): FakeGitHubReply {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource, code: 'custom', field, message }],
      documentation_url: documentation,
      status: '422',
    },
  };
}

function ok(body: unknown): FakeGitHubReply {
  return { status: 200, body };
}

function notFound(documentation: string): FakeGitHubReply {
  return {
    status: 404,
    body: {
      message: 'Not Found',
      documentation_url: `https://docs.github.com/rest/${documentation}`,
      status: '404',
    },
  };
}

function record(request: IncomingMessage): RecordedGitHubRequest {
  const parsed = new URL(request.url ?? '/', 'http://localhost');
  return {
    method: request.method ?? 'GET',
    path: parsed.pathname,
    query: Object.fromEntries(parsed.searchParams),
    headers: request.headers,
  };
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = status === 204 || body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    ...(text === '' ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': Buffer.byteLength(text),
    'x-github-api-version-selected': '2022-11-28',
    'x-github-request-id': `FAKE:${(requestCounter++).toString(16).toUpperCase()}`,
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-used': '1',
    'x-ratelimit-reset': '1893456000',
    'x-ratelimit-resource': 'core',
    ...headers,
  });
  response.end(text);
}

/** A file entry exactly as the files endpoint returns it. */
export function diffEntryPayload(pullRequest: FakePullRequest, file: FakePullRequestFile): DiffEntryPayload {
  const additions = file.additions ?? countLines(file.patch, '+');
  const deletions = file.deletions ?? countLines(file.patch, '-');
  const encoded = file.filename.split('/').map(encodeURIComponent).join('/');
  const entry: DiffEntryPayload = {
    sha: fakeSha(`${pullRequest.headSha}:${file.filename}`),
    filename: file.filename,
    status: file.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${webHost}/${pullRequest.repo}/blob/${pullRequest.headSha}/${encoded}`,
    raw_url: `${webHost}/${pullRequest.repo}/raw/${pullRequest.headSha}/${encoded}`,
    contents_url: `https://api.github.com/repos/${pullRequest.repo}/contents/${encoded}?ref=${pullRequest.headSha}`,
  };
  if (file.patch !== undefined) entry.patch = file.patch;
  if (file.previous_filename !== undefined) entry.previous_filename = file.previous_filename;
  return entry;
}

/** A pull request exactly as `GET /repos/{owner}/{repo}/pulls/{number}` returns it. */
export function pullRequestPayload(pullRequest: FakePullRequest, apiUrl: string): PullRequestPayload {
  const [owner = 'octo-org'] = pullRequest.repo.split('/');
  const api = `${apiUrl}/repos/${pullRequest.repo}`;
  const html = `${webHost}/${pullRequest.repo}/pull/${pullRequest.number}`;
  const author = simpleUser('octocat', 1, apiUrl);
  const repository = repositoryPayload(pullRequest.repo, simpleUser(owner, 2, apiUrl), apiUrl);
  const additions = pullRequest.files.reduce(
    (sum, file) => sum + (file.additions ?? countLines(file.patch, '+')),
    0,
  );
  const deletions = pullRequest.files.reduce(
    (sum, file) => sum + (file.deletions ?? countLines(file.patch, '-')),
    0,
  );
  const baseRef = pullRequest.baseRef ?? 'main';
  const headRef = pullRequest.headRef ?? 'feature';
  return {
    url: `${api}/pulls/${pullRequest.number}`,
    id: 1_000_000 + pullRequest.number,
    node_id: `PR_kwDO${pullRequest.number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pullRequest.number}`,
    commits_url: `${api}/pulls/${pullRequest.number}/commits`,
    review_comments_url: `${api}/pulls/${pullRequest.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pullRequest.number}/comments`,
    statuses_url: `${api}/statuses/${pullRequest.headSha}`,
    number: pullRequest.number,
    state: 'open',
    locked: false,
    title: pullRequest.title ?? `Pull request ${pullRequest.number}`,
    user: author,
    body: null,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: '2024-01-02T03:04:05Z',
    updated_at: '2024-01-02T03:04:05Z',
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: {
      label: `${owner}:${headRef}`,
      ref: headRef,
      repo: repository,
      sha: pullRequest.headSha,
      user: author,
    },
    base: {
      label: `${owner}:${baseRef}`,
      ref: baseRef,
      repo: repository,
      sha: pullRequest.baseSha,
      user: author,
    },
    _links: {
      self: { href: `${api}/pulls/${pullRequest.number}` },
      html: { href: html },
      issue: { href: `${api}/issues/${pullRequest.number}` },
      comments: { href: `${api}/issues/${pullRequest.number}/comments` },
      review_comments: { href: `${api}/pulls/${pullRequest.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pullRequest.number}/commits` },
      statuses: { href: `${api}/statuses/${pullRequest.headSha}` },
    },
    author_association: 'MEMBER',
    auto_merge: null,
    draft: false,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: 'clean',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions,
    deletions,
    changed_files: pullRequest.changedFiles ?? pullRequest.files.length,
  };
}

function simpleUser(login: string, id: number, apiUrl: string, type = 'User'): SimpleUser {
  const api = `${apiUrl}/users/${login}`;
  return {
    login,
    id,
    node_id: `MDQ6VXNlcj${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${webHost}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  };
}

function repositoryPayload(fullName: string, owner: SimpleUser, apiUrl: string): Repository {
  const api = `${apiUrl}/repos/${fullName}`;
  const name = fullName.split('/')[1] ?? fullName;
  return {
    id: 42,
    node_id: 'R_kgDOAAAAKg',
    name,
    full_name: fullName,
    license: null,
    forks: 0,
    owner,
    private: false,
    html_url: `${webHost}/${fullName}`,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://github.com/${fullName}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@github.com:${fullName}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${webHost}/${fullName}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: `${webHost}/${fullName}`,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 100,
    default_branch: 'main',
    open_issues_count: 1,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'public',
    pushed_at: '2024-01-02T03:04:05Z',
    created_at: '2023-01-01T00:00:00Z',
    updated_at: '2024-01-02T03:04:05Z',
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    open_issues: 1,
    watchers: 0,
  };
}

function countLines(patch: string | undefined, marker: '+' | '-'): number {
  if (patch === undefined) return 0;
  let count = 0;
  for (const line of patch.split('\n')) if (line.startsWith(marker)) count++;
  return count;
}

/** A stable 40-hex-digit id for a string. */
function fakeSha(text: string): string {
  let hash = 0x811c9dc5;
  let digits = '';
  for (let round = 0; digits.length < 40; round++) {
    for (const character of `${round}:${text}`)
      hash = Math.imul(hash ^ character.charCodeAt(0), 0x01000193) >>> 0;
    digits += hash.toString(16).padStart(8, '0');
  }
  return digits.slice(0, 40);
}
