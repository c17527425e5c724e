import type { Octokit } from '@octokit/rest';

/** Where GitHub looks for CODEOWNERS, in its order. */
const locations = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

/** The repository's CODEOWNERS file at `ref`, or undefined when it has none. */
export async function fetchCodeowners(
  octokit: Octokit,
  repo: string,
  ref: string,
): Promise<string | undefined> {
  const [owner = '', name = ''] = repo.split('/');
  for (const path of locations) {
    try {
      const { data } = await octokit.rest.repos.getContent({ owner, repo: name, path, ref });
      if (!Array.isArray(data) && data.type === 'file' && 'content' in data)
        return Buffer.from(data.content, 'base64').toString('utf8');
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
  }
  return undefined;
}
