import type { Finding } from '../finding.ts';
import { placeholderFor, type SecretKindName, secretKinds } from './secret-kinds.ts';

/** Labels that are common nouns, lower-cased inside a sentence. */
const commonNouns = /^(?:Private|Password|Secret|Token|Database|Bearer|Unscanned)\b/;

/**
 * The finding for a secret committed on lines startLine..endLine: security, confidence 1, found by
 * `secret-scan`. It names the kind of secret and how to revoke it, never the secret itself.
 */
export function secretFinding(
  path: string,
  startLine: number,
  endLine: number,
  kindName: SecretKindName,
): Finding {
  const kind = secretKinds[kindName];
  const noun = commonNouns.test(kind.label) ? kind.label[0]!.toLowerCase() + kind.label.slice(1) : kind.label;
  const article = /^[aeiou]|^npm\b/i.test(noun) ? 'an' : 'a';
  return {
    path,
    startLine,
    endLine,
    severity: kind.severity,
    category: 'security',
    confidence: 1,
    title: `${kind.label} committed`,
    explanation:
      `This change commits ${article} ${noun}. Anyone who can read the repository, a fork or a clone can use it: ` +
      `treat it as compromised and rotate it (${kind.revoke}), then read it from a secret store or the environment. ` +
      'Removing it in a later commit does not remove it from the history. ' +
      `Reviewers and models saw ${placeholderFor(kindName)} in its place.`,
    foundBy: 'secret-scan',
  };
}
