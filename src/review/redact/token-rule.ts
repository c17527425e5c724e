import type { Detection } from './detection.ts';
import type { SecretKindName } from './secret-kinds.ts';
import { isPlaceholderValue, looksRandom } from './secret-value.ts';

/** Credential formats recognised by their prefix, looser than secretlint's exact lengths. */
const tokenFormats: { kind: SecretKindName; hint: string; pattern: RegExp }[] = [
  {
    kind: 'openai-key',
    hint: 'sk-',
    pattern: /(?<![\w-])sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,250}(?![\w-])/g,
  },
  { kind: 'openai-key', hint: 'sk-', pattern: /(?<![\w-])sk-[A-Za-z0-9]{48}(?![\w-])/g },
  {
    kind: 'anthropic-key',
    hint: 'sk-ant-',
    pattern: /(?<![\w-])sk-ant-[a-z]{3,8}\d{2}-[A-Za-z0-9_-]{20,250}(?![\w-])/g,
  },
  { kind: 'github-token', hint: '_', pattern: /(?<!\w)gh[pousr]_[A-Za-z0-9]{30,251}(?!\w)/g },
  { kind: 'github-token', hint: 'github_pat_', pattern: /(?<!\w)github_pat_[A-Za-z0-9_]{40,251}(?!\w)/g },
  { kind: 'slack-token', hint: 'xox', pattern: /(?<![\w-])xox[abposre]-[A-Za-z0-9-]{10,250}(?![\w-])/g },
  {
    kind: 'stripe-key',
    hint: 'k_',
    pattern: /(?<!\w)(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}(?![A-Za-z0-9])/g,
  },
  { kind: 'google-api-key', hint: 'AIza', pattern: /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/g },
  {
    kind: 'aws-access-key',
    hint: 'A',
    pattern: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])/g,
  },
];

const jwt = /(?<![\w-])eyJ[A-Za-z0-9_-]{10,4000}\.(eyJ[A-Za-z0-9_-]{10,8000})\.([A-Za-z0-9_-]{0,4000})/g;
/** The payload of the sample token on jwt.io, copied into countless tests and docs. */
const samplePayload = /"sub":\s*"1234567890"|"name":\s*"John Doe"/;

/** A bare 40-character AWS secret access key, looked for only near an access key id. */
const awsSecret = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/**
 * AWS secret access keys written next to their key id without a telling name, as in
 * `("AKIA…", "wJalr…")`: 40 random base64 characters on the id's line or the three after it.
 */
function awsSecretsNear(text: string, idStart: number): Detection[] {
  const start = text.lastIndexOf('\n', idStart) + 1;
  let end = start;
  for (let line = 0; line < 4 && end !== -1; line++) end = text.indexOf('\n', end + 1);
  const window = text.slice(start, end === -1 ? text.length : end);
  const detections: Detection[] = [];
  for (const match of window.matchAll(awsSecret)) {
    if (/^[0-9a-f]+$/i.test(match[0]) || !looksRandom(match[0])) continue;
    detections.push({
      kind: 'aws-secret-key',
      start: start + match.index,
      end: start + match.index + 40,
      report: true,
      rank: 2,
    });
  }
  return detections;
}

/** Credentials that follow a fixed marker: the value is the secret, the marker is not. */
const markedValues: {
  kind: SecretKindName;
  hint: string;
  pattern: RegExp;
  rank: number;
  check: (value: string) => boolean;
}[] = [
  {
    kind: 'npm-token',
    hint: '_authToken',
    pattern: /_authToken\s*=\s*([^\s'"]{8,500})/dg,
    rank: 2,
    check: (value) => !isPlaceholderValue(value),
  },
  {
    kind: 'azure-storage-key',
    hint: 'AccountKey=',
    pattern: /AccountKey=([A-Za-z0-9+/]{40,200}={0,2})/dg,
    rank: 2,
    check: (value) => !isPlaceholderValue(value),
  },
  {
    kind: 'bearer-token',
    hint: 'earer',
    pattern: /\b[Bb]earer\s+([A-Za-z0-9._~+/-]{20,2000}=*)/dg,
    rank: 1,
    check: (value) => looksRandom(value) && !isPlaceholderValue(value),
  },
];

/**
 * Tokens known by their shape: OpenAI, Anthropic, GitHub, Slack, Stripe, Google, AWS key ids (the
 * documentation's `…EXAMPLE` key aside) and the secret keys written near them, JWTs (reported when
 * signed and not jwt.io's sample), npm `_authToken=`, Azure
 * `AccountKey=`, and `Bearer` tokens that look random.
 */
export function findTokens(text: string): Detection[] {
  const detections: Detection[] = [];
  for (const { kind, hint, pattern } of tokenFormats) {
    if (!text.includes(hint)) continue;
    for (const match of text.matchAll(pattern)) {
      if (match[0].endsWith('EXAMPLE')) continue;
      detections.push({
        kind,
        start: match.index,
        end: match.index + match[0].length,
        report: true,
        rank: 2,
      });
    }
  }
  for (const detection of detections.filter((each) => each.kind === 'aws-access-key')) {
    detections.push(...awsSecretsNear(text, detection.start));
  }
  for (const match of text.includes('eyJ') ? text.matchAll(jwt) : []) {
    const signature = match[2] ?? '';
    const sample = samplePayload.test(Buffer.from(match[1] ?? '', 'base64url').toString('latin1'));
    detections.push({
      kind: 'jwt',
      start: match.index,
      end: match.index + match[0].length,
      report: signature.length >= 16 && !sample,
      rank: 2,
    });
  }
  for (const { kind, hint, pattern, rank, check } of markedValues) {
    if (!text.includes(hint)) continue;
    for (const match of text.matchAll(pattern)) {
      const value = match[1];
      const span = match.indices?.[1];
      if (value === undefined || span === undefined || !check(value)) continue;
      detections.push({ kind, start: span[0], end: span[1], report: true, rank });
    }
  }
  return detections;
}
