import { StewardError } from '../../errors/index.ts';

/** GitHub refused or failed a request Steward made to post a review; `status` is GitHub's HTTP status. */
export class GitHubPostingError extends StewardError {
  readonly status: number | undefined;
  /** The API answers 502: GitHub, not the request, failed. */
  readonly httpStatus = 502;

  constructor(message: string, options: { status: number | undefined; hint?: string; cause?: unknown }) {
    super(message, {
      ...(options.hint === undefined ? {} : { hint: options.hint }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.status = options.status;
  }
}

/** The HTTP status of an Octokit `RequestError` (or anything carrying a numeric `status`). */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  return typeof error.status === 'number' ? error.status : undefined;
}

/** The first validation message GitHub gave (`errors[0]`), else the error's message. */
export function gitHubReason(error: unknown): string {
  const data =
    typeof error === 'object' && error !== null && 'response' in error
      ? (error as { response?: { data?: unknown } }).response?.data
      : undefined;
  if (typeof data === 'object' && data !== null && 'errors' in data && Array.isArray(data.errors)) {
    const first: unknown = data.errors[0];
    if (typeof first === 'string') return first;
    if (
      typeof first === 'object' &&
      first !== null &&
      'message' in first &&
      typeof first.message === 'string'
    ) {
      return first.message;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/** Wraps a failed GitHub request as a Steward error that says what was being done, with a hint by status. */
export function postingError(error: unknown, action: string): GitHubPostingError {
  const status = statusOf(error);
  const reason = error instanceof Error ? error.message : String(error);
  const hint =
    status === 401
      ? 'the GitHub token or App installation token was rejected: check it is valid and not expired'
      : status === 403
        ? 'the token needs write access to pull requests and issues, or the rate limit is used up'
        : status === 404
          ? 'check the repository and pull request; a private repository also answers 404 when the token cannot read it'
          : 'try again later';
  return new GitHubPostingError(
    `could not ${action} on GitHub: ${status === undefined ? reason : `${status} ${reason}`}`,
    { status, hint, cause: error },
  );
}
