import type { Detection } from './detection.ts';
import type { SecretKindName } from './secret-kinds.ts';
import { characterClassesOf, isPlaceholderValue, looksRandom } from './secret-value.ts';

/**
 * `key = value`, `key: value`, `key := value`, `"key": "value"`, `export KEY=value`: the key (group 2,
 * optionally quoted), then a quoted value (groups 3–5) or a bare one (group 6).
 */
const assignment =
  /(?<![\w.])(["']?)([A-Za-z_][\w.-]{0,80})\1[ \t]{0,10}(?::=|=>|=(?![=>~])|:(?![:=]))[ \t]{0,10}(?:"([^"\n]{1,500})"|'([^'\n]{1,500})'|`([^`\n]{1,500})`|([^\s"'`,;#)}\][=<>|&*!%$@-][^\s"'`,;)}\]]{0,500}))/dg;

/** Files whose values are written bare, where `PASSWORD=hunter2` is a value and not an expression. */
const configFile =
  /(?:^|\/)(?:\.env(?:\.[\w.-]+)?|[\w.-]+\.env|\.npmrc|\.pypirc|\.netrc|\.htpasswd|Dockerfile[\w.-]*|(?:docker-)?compose[\w.-]*\.ya?ml)$|\.(?:ya?ml|properties|ini|cfg|conf|toml|tfvars|sh|bash|zsh|env)$/i;

/** Trailing words that describe a value's form, not what it is: `SECRET_KEY_BASE`, `passwordValue`. */
const formWords = new Set([
  'value',
  'base',
  'string',
  'str',
  'text',
  'data',
  'b64',
  'base64',
  'hex',
  'raw',
  'plain',
  'plaintext',
]);
const passwordWords = new Set(['password', 'passwd', 'passphrase', 'pwd', 'pass', 'pw']);
const secretWords = new Set(['secret', 'credential', 'credentials']);
/** Tokens that are not credentials: pages, cancellation, lexers. */
const harmlessTokenWords = new Set([
  'next',
  'page',
  'prev',
  'previous',
  'continuation',
  'cancel',
  'cancellation',
  'sync',
  'resume',
  'cursor',
  'csrf',
  'max',
  'min',
]);
const keyQualifiers = new Set(
  'api access secret signing sign encryption encrypt master app application client auth hmac session license service account subscription storage admin deploy webhook jwt server consumer crypt cipher aes shared'.split(
    ' ',
  ),
);
const compoundKeys = new Set([
  'apikey',
  'secretkey',
  'accesskey',
  'signingkey',
  'encryptionkey',
  'masterkey',
  'authkey',
]);

/**
 * Secret-named assignments: `.env`-style `PASSWORD=…`, `API_KEY=…`, `TOKEN=…` and quoted literals
 * given to secret-named identifiers in code (`const clientSecret = "…"`, `"password": "…"`).
 * A key is secret-named by its last word (password, secret, token, credentials, or key after api,
 * access, secret, private, signing…). Placeholders never count (`changeme`, `${VAR}`, `<your-key>`,
 * `process.env.X`, paths, plain URLs). In configuration files (.env, YAML, properties, INI, TOML,
 * shell, Dockerfile) any value of 8 characters, or 6 with two character classes, counts, quoted or
 * not; in code only quoted literals that look machine-made do (see `looksRandom`), so
 * `password: string` and `password: 'Enter a password'` are not secrets.
 */
export function findSecretAssignments(text: string, path: string): Detection[] {
  const config = configFile.test(path);
  const detections: Detection[] = [];
  for (const { line, offset } of linesWithSecretWords(text)) {
    for (const match of line.matchAll(assignment)) {
      const detection = detectionOf(match, config);
      if (detection !== undefined)
        detections.push({ ...detection, start: detection.start + offset, end: detection.end + offset });
    }
  }
  return detections;
}

const secretWordPattern = /pass|pwd|pw\b|secret|token|key|credential/gi;

/** The lines that mention a secret word: the only ones the assignment pattern has to read. */
function* linesWithSecretWords(text: string): Generator<{ line: string; offset: number }> {
  const secretWord = new RegExp(secretWordPattern);
  let lineEnd = -1;
  for (let hit = secretWord.exec(text); hit !== null; hit = secretWord.exec(text)) {
    if (hit.index <= lineEnd) continue;
    const lineStart = text.lastIndexOf('\n', hit.index) + 1;
    lineEnd = text.indexOf('\n', hit.index);
    if (lineEnd === -1) lineEnd = text.length;
    yield { line: text.slice(lineStart, lineEnd), offset: lineStart };
    secretWord.lastIndex = lineEnd;
  }
}

function detectionOf(match: RegExpExecArray, config: boolean): Detection | undefined {
  const key = match[2] ?? '';
  const kind = kindOfKey(key);
  if (kind === undefined) return undefined;
  const group = match[3] !== undefined ? 3 : match[4] !== undefined ? 4 : match[5] !== undefined ? 5 : 6;
  const value = match[group];
  const span = match.indices?.[group];
  if (value === undefined || span === undefined) return undefined;
  if (group === 6 && !config) return undefined;
  if (isPlaceholderValue(value, key)) return undefined;
  const secret = config
    ? value.length >= 8 || (value.length >= 6 && characterClassesOf(value) >= 2)
    : looksRandom(value);
  return secret ? { kind, start: span[0], end: span[1], report: true, rank: 1 } : undefined;
}

/** What a secret-named key holds, if it is one. */
export function kindOfKey(key: string): SecretKindName | undefined {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  while (words.length > 1 && formWords.has(words.at(-1)!)) words.pop();
  const last = words.at(-1);
  const previous = words.at(-2);
  if (last === undefined) return undefined;
  if (passwordWords.has(last)) return 'password';
  if (secretWords.has(last)) return 'secret';
  if (last === 'token')
    return previous !== undefined && harmlessTokenWords.has(previous) ? undefined : 'token';
  if (last === 'privatekey' || (last === 'key' && previous === 'private')) return 'private-key';
  if (compoundKeys.has(last) || (last === 'key' && previous !== undefined && keyQualifiers.has(previous)))
    return 'api-key';
  return undefined;
}
