import { UsageError } from '../../errors/index.ts';

/** A pull request named by its repository and number. */
export interface PullRequestRef {
  /** `owner/name` */
  repo: string;
  owner: string;
  name: string;
  pr: number;
}

const ownerPattern = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const namePattern = /^[A-Za-z0-9._-]{1,100}$/;
const shortForm = /^([^/\s#]+)\/([^/\s#]+)#(\S+)$/;
const urlPath = /^\/([^/]+)\/([^/]+)\/pulls?\/([^/]+)(?:\/.*)?$/;
const hint = 'write it as owner/repo#123 or https://github.com/owner/repo/pull/123';

/** Reads `owner/repo#123` or a pull request's web address (github.com or GitHub Enterprise). */
export function parsePullRequestRef(text: string): PullRequestRef {
  const input = text.trim();
  const short = shortForm.exec(input);
  if (short !== null) return checked(input, short[1]!, short[2]!, short[3]!);
  const url = parseUrl(input);
  if (url === undefined) throw invalid(input, 'it is neither owner/repo#number nor a web address');
  const path = urlPath.exec(url.pathname);
  if (path === null)
    throw invalid(input, 'the address is not a pull request page (/<owner>/<repo>/pull/<number>)');
  return checked(input, path[1]!, decodeURIComponent(path[2]!), path[3]!);
}

/** Checks that `owner/name` looks like a GitHub repository; throws UsageError otherwise. */
export function parseRepositoryName(repo: string): { owner: string; name: string } {
  const [owner, name, extra] = repo.split('/');
  if (
    extra !== undefined ||
    owner === undefined ||
    name === undefined ||
    !validOwner(owner) ||
    !validName(name)
  ) {
    throw new UsageError(`"${repo}" is not a GitHub repository name`, {
      hint: 'write it as owner/name, e.g. octo-org/app',
    });
  }
  return { owner, name };
}

function checked(input: string, owner: string, rawName: string, number: string): PullRequestRef {
  const name = rawName.endsWith('.git') ? rawName.slice(0, -4) : rawName;
  if (!validOwner(owner)) throw invalid(input, `"${owner}" is not a GitHub user or organisation name`);
  if (!validName(name)) throw invalid(input, `"${name}" is not a GitHub repository name`);
  const pr = /^[1-9][0-9]*$/.test(number) ? Number(number) : Number.NaN;
  if (!Number.isSafeInteger(pr)) throw invalid(input, `"${number}" is not a pull request number`);
  return { repo: `${owner}/${name}`, owner, name, pr };
}

function validOwner(owner: string): boolean {
  return ownerPattern.test(owner);
}

function validName(name: string): boolean {
  return namePattern.test(name) && name !== '.' && name !== '..';
}

function parseUrl(input: string): URL | undefined {
  const withScheme = /^https?:\/\//i.test(input)
    ? input
    : /^[\w.-]+\.[a-z]{2,}\//i.test(input)
      ? `https://${input}`
      : '';
  if (withScheme === '') return undefined;
  try {
    return new URL(withScheme);
  } catch {
    return undefined;
  }
}

function invalid(input: string, why: string): UsageError {
  return new UsageError(`cannot read "${input}" as a pull request: ${why}`, { hint });
}
