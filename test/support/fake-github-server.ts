import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RestEndpointMethodTypes } from '@octokit/rest';

/** The payload of `GET /repos/{owner}/{repo}/pulls/{number}`, as GitHub's OpenAPI description types it. */
export type PullRequestPayload = RestEndpointMethodTypes['pulls']['get']['response']['data'];
/** One entry of `GET /repos/{owner}/{repo}/pulls/{number}/files`. */
export type DiffEntryPayload = RestEndpointMethodTypes['pulls']['listFiles']['response']['data'][number];
type Repository = PullRequestPayload['base']['repo'];
type SimpleUser = PullRequestPayload['user'];

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
}

/** A canned reply that replaces the normal one. */
export interface FakeGitHubReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeGitHubServerOptions {
  /** The token every request must carry (`Authorization: token …` or `Bearer …`). Default `test-token`. */
  token?: string;
  /** The most files the files endpoint lists. Default 3,000, as GitHub. */
  fileListLimit?: number;
  /** Consulted first; return a reply to override the route (errors, rate limits), undefined otherwise. */
  respond?: (request: RecordedGitHubRequest) => FakeGitHubReply | undefined;
}

export interface FakeGitHubServer {
  /** `http://127.0.0.1:<port>`: the Octokit `baseUrl` / `GITHUB_API_URL`. */
  readonly url: string;
  readonly token: string;
  /** Every request received, in arrival order. */
  readonly requests: RecordedGitHubRequest[];
  addPullRequest(pullRequest: FakePullRequest): void;
  close(): Promise<void>;
}

const webHost = 'https://github.com';
let requestCounter = 1;

/** Starts a local server answering the GitHub REST routes Steward reads, with real payload shapes. */
export async function startFakeGitHubServer(
  options: FakeGitHubServerOptions = {},
): Promise<FakeGitHubServer> {
  const token = options.token ?? 'test-token';
  const fileListLimit = options.fileListLimit ?? 3_000;
  const pullRequests = new Map<string, FakePullRequest>();
  const requests: RecordedGitHubRequest[] = [];
  let url = '';

  const server = createServer((request, response) => {
    const recorded = record(request);
    requests.push(recorded);
    request.resume();
    request.once('end', () => {
      const reply = options.respond?.(recorded) ?? route(recorded);
      send(response, reply.status, reply.body, reply.headers);
    });
  });

  function route(request: RecordedGitHubRequest): FakeGitHubReply {
    const authorization = request.headers.authorization ?? '';
    if (authorization !== `token ${token}` && authorization !== `Bearer ${token}`) {
      return {
        status: 401,
        body: {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        },
      };
    }
    const match = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)(\/files)?$/.exec(request.path);
    const pullRequest = match === null ? undefined : pullRequests.get(`${match[1]}/${match[2]}#${match[3]}`);
    if (request.method !== 'GET' || match === null || pullRequest === undefined) {
      return {
        status: 404,
        body: {
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request',
          status: '404',
        },
      };
    }
    if (match[4] === undefined) return { status: 200, body: pullRequestPayload(pullRequest, url) };
    return listFiles(request, pullRequest);
  }

  function listFiles(request: RecordedGitHubRequest, pullRequest: FakePullRequest): FakeGitHubReply {
    const perPage = Math.min(100, Math.max(1, Number(request.query.per_page ?? 30) || 30));
    const page = Math.max(1, Number(request.query.page ?? 1) || 1);
    const listed = pullRequest.files.slice(0, fileListLimit);
    const lastPage = Math.max(1, Math.ceil(listed.length / perPage));
    const entries = listed
      .slice((page - 1) * perPage, page * perPage)
      .map((file) => diffEntryPayload(pullRequest, file));
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

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    token,
    requests,
    addPullRequest(pullRequest) {
      pullRequests.set(`${pullRequest.repo}#${pullRequest.number}`, pullRequest);
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
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
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
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

function simpleUser(login: string, id: number, apiUrl: string): SimpleUser {
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
    type: 'User',
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
