/** Signals read from one changed line of code. */
export type LineSignal =
  | 'definitions'
  | 'imports'
  | 'control flow'
  | 'auth logic'
  | 'crypto'
  | 'sql'
  | 'dynamic sql'
  | 'shell exec'
  | 'eval / deserialisation'
  | 'html injection'
  | 'file path from input'
  | 'secret';

/** Only the start of a line is read: enough for any statement worth scoring, and it bounds the cost. */
const maximumLineLength = 400;

const definition = [
  /^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:async\s+)?function\b/,
  /^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+|sealed\s+|data\s+|final\s+)*(?:class|interface|enum|struct|trait|record|protocol|object)\s+[A-Za-z_]/,
  /^\s*(?:export\s+)?(?:type|typealias)\s+[A-Za-z_]\w*(?:<[^>]*>)?\s*=/,
  /^\s*(?:export\s+)?(?:const|let|var)\s+[\w$]+\s*(?::[^=]+)?=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|[\w$]+\s*=>)/,
  /^\s*(?:async\s+)?def\s+\w/,
  /^\s*func\s+(?:\([^)]*\)\s*)?\w/,
  /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+"\w+"\s+)?fn\s+\w/,
  /^\s*(?:pub\s+)?impl\b/,
  /^\s*(?:module|namespace)\s+[A-Za-z_]/,
  /^\s*(?:(?:public|private|protected|internal|static|final|override|abstract|virtual|async|synchronized|open|suspend|inline|readonly)\s+)+(?:fun\s+)?[\w<>[\],.?]+(?:\s+[\w<>[\],.?]+)?\s*\([^;]*$/,
  /^\s*(?:fun|fn)\s+\w/,
  /^\s*(?:static\s+|async\s+|get\s+|set\s+|\*\s*)*(?!(?:if|for|while|switch|catch|return|function|else|do|with|elif|until|unless)\b)[\w$]+\s*\([^)]*\)\s*(?::\s*[^{=]+)?\{\s*$/,
];

const importPatterns = [
  /^\s*import\s+[\w*{"'$]/,
  /^\s*import\s*\(/,
  /^\s*from\s+[\w.]+\s+import\b/,
  /\brequire\s*\(\s*['"`]/,
  /\bimport\s*\(\s*['"`]/,
  /^\s*#\s*include\s*[<"]/,
  /^\s*use\s+[\w:\\]+/,
  /^\s*using\s+(?:static\s+)?[\w.]+\s*;/,
  /^\s*require(?:_relative)?\s+['"]/,
  /^\s*(?:extern\s+crate|mod)\s+\w+\s*;/,
];

const controlFlow =
  /\b(?:if|else|elif|elsif|switch|case|for|foreach|while|try|catch|except|finally|throw|raise|await|yield|rescue|ensure|unless|until|goto|defer|panic|recover|guard)\b/;

const authLogic =
  /authenticat|authoriz|\bis(?:admin|authenticated|authorized|loggedin)\b|\bhas(?:role|permission|scope)\b|\bcheck(?:permission|access)\b|\brequire(?:auth|login|role)\b|\bverify(?:token|password|signature)\b|passport\.|password|passwd|csrf|xsrf|session|cookie|\bjwt\b|oauth|\blog(?:in|out)\b|\bsign(?:in|out)\b|permission|\brbac\b|@preauthorize|@secured|@rolesallowed|@login_required|\[authorize\]/i;

const crypto =
  /\bcrypto\.(?:subtle|create\w+|randomBytes|randomUUID|randomInt|pbkdf2\w*|scrypt\w*|sign|verify|publicEncrypt|privateDecrypt|generateKey\w*|timingSafeEqual)|\b(?:createHash|createHmac|createCipheriv|createDecipheriv|randomBytes|pbkdf2(?:Sync)?|scrypt(?:Sync)?|bcrypt|argon2|hashlib|Cipher\.getInstance|MessageDigest|SecureRandom|KeyGenerator|Mac\.getInstance|javax\.crypto|cryptography|nacl|libsodium|sodium|jose)\b|\bhmac\.(?:new|compare_digest)|\bsubtle\.(?:encrypt|decrypt|sign|verify|importKey|deriveKey|deriveBits|generateKey)|\bjwt\.(?:sign|verify|decode)|"crypto\/\w+"|\b(?:md5|sha1|MD5|SHA1|DES|RC4|ECB)\b/;

const sql = [
  /\b(?:SELECT\s+(?:DISTINCT\s+)?[\w*`"[\]().,\s]{1,200}?\s+FROM|INSERT\s+INTO|UPDATE\s+[\w."`[\]]+\s+SET|DELETE\s+FROM|DROP\s+(?:TABLE|DATABASE|INDEX|SCHEMA|VIEW)|ALTER\s+TABLE|CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX|VIEW|FUNCTION|TRIGGER|PROCEDURE)|TRUNCATE\s+TABLE|GRANT\s+\w+\s+ON)\b/,
  /\bsql`|\bsql\.(?:raw|unsafe)\b|\bPrisma\.sql\b|\$(?:query|execute)Raw(?:Unsafe)?\b|\bknex\.raw\b|\.(?:where|orderBy|having|select|join)Raw\s*\(|\.raw\s*\(\s*[`'"]|\bcursor\.execute(?:many)?\s*\(|\.execute\s*\(\s*(?:[`'"]|f['"])|\.query\s*\(\s*[`'"]|\bcreate(?:Native)?Query\s*\(|\bexecute(?:Query|Update)\s*\(|\bprepareStatement\s*\(|\bdb\.(?:Exec|Query|QueryRow)(?:Context)?\s*\(|\bsequelize\.query\b|\bfind_by_sql\b|\bconnection\.execute\b/,
];

/** SQL text assembled from values: concatenation, interpolation, formatting. */
const dynamicSql = /\$\{|["'`]\s*\+|\+\s*["'`]|\bf["']|\.format\s*\(|["']\s*%\s*[\w(]|\bSprintf\s*\(|#\{/;

const shellExec =
  /\bchild_process\b|\b(?:execSync|execFileSync|execFile|spawnSync|spawn|execa|popen|shell_exec|passthru|proc_open|system)\s*\(|(?<![\w.$])exec\s*\(|\bexec\.Command(?:Context)?\s*\(|\bCommand::new\s*\(|\bProcessBuilder\b|\bos\.(?:system|popen|exec\w*)\s*\(|\bsubprocess\.\w+\s*\(|\bRuntime\.getRuntime\(\)\.exec\b|\bBun\.spawn|\bDeno\.(?:run|Command)\b|\bProcess\.Start\s*\(|\bshell\s*=\s*True\b/;

const evalOrDeserialisation =
  /\beval\s*\(|\bnew\s+Function\s*\(|\bvm\.(?:runIn\w+|Script|compileFunction)\b|\b(?:pickle|cPickle|dill|marshal)\.loads?\s*\(|\byaml\.(?:unsafe_load|load_all|load)\s*\((?![^)]*SafeLoader)|\bYAML\.load\s*\(|\bunserialize\s*\(|\bMarshal\.load\b|\bObjectInputStream\b|\breadObject\s*\(|\bBinaryFormatter\b|\bXMLDecoder\b|\bjsonpickle\.decode\b|\bset(?:Timeout|Interval)\s*\(\s*['"`]|\bJSON\.parse\s*\(\s*(?:req|request|event|ctx|context|message|msg|input|body|payload|data|params|query|raw|text|line|chunk)\b/;

const htmlInjection =
  /\.(?:inner|outer)HTML\s*\+?=|\binsertAdjacentHTML\b|\bdocument\.write(?:ln)?\s*\(|\bdangerouslySetInnerHTML\b|\bv-html\b|\[innerHTML\]|\bbypassSecurityTrust\w*|\bmark_safe\s*\(|\.html_safe\b|\{\{[^}]*\|\s*safe\b|\{\{\{|<%-|\$sce\.trustAsHtml|\bMarkup\s*\(|\.html\s*\(\s*[^)\s]/;

const filePathFromInput =
  /\b(?:readFile(?:Sync)?|writeFile(?:Sync)?|appendFile(?:Sync)?|createReadStream|createWriteStream|unlink(?:Sync)?|rm(?:Sync)?|rmdir(?:Sync)?|sendFile|download|join|resolve|Paths\.get|File|FileInputStream|FileOutputStream|filepath\.Join|Open|Create|ReadFile|WriteFile|Remove|fopen|open|file_get_contents|file_put_contents)\s*\([^)]*\b(?:req|request|params|query|body|input|argv|userInput|filename|fileName|file_name|upload\w*)\b/;

const secretPlaceholder = /\[REDACTED:[a-z0-9-]+\]/;

/** String literals, removed before keywords are looked for: `'waiting for input'` has no control flow. */
const stringLiteral = /(["'`])(?:\\.|(?!\1)[^\\])*\1/g;

const word = /[A-Za-z_$][\w$]*/g;

/** Words after which a line may declare something; a method (`name(…) {`) is recognised by its end. */
const definitionStarts = new Set(
  'export default declare async function class interface enum struct trait record protocol object abstract sealed data final type typealias const let var def func pub fn impl module namespace public private protected internal static override virtual synchronized open suspend inline readonly fun get set'.split(
    ' ',
  ),
);
const importStarts = new Set('import from include use using require require_relative extern mod'.split(' '));

/**
 * Words that some security pattern needs, as code spells them: a line with none of them (and none of
 * the template marks) skips those patterns. Most lines have none, which keeps scoring fast.
 */
const securityWords = new Set(
  [
    // crypto
    'crypto createHash createHmac createCipheriv createDecipheriv randomBytes pbkdf2 pbkdf2Sync scrypt scryptSync bcrypt argon2 hashlib Cipher MessageDigest SecureRandom KeyGenerator Mac javax cryptography nacl libsodium sodium jose hmac subtle jwt md5 sha1 MD5 SHA1 DES RC4 ECB',
    // sql
    'SELECT INSERT UPDATE DELETE DROP ALTER CREATE TRUNCATE GRANT sql Prisma $queryRaw $queryRawUnsafe $executeRaw $executeRawUnsafe knex whereRaw orderByRaw havingRaw selectRaw joinRaw raw cursor execute executemany query createQuery createNativeQuery executeQuery executeUpdate prepareStatement db sequelize find_by_sql',
    // shell
    'child_process execSync execFileSync execFile spawnSync spawn execa popen shell_exec passthru proc_open system exec Command ProcessBuilder os subprocess Runtime Bun Deno Process shell',
    // eval and deserialisation
    'eval Function vm pickle cPickle dill marshal yaml YAML unserialize Marshal ObjectInputStream readObject BinaryFormatter XMLDecoder jsonpickle setTimeout setInterval JSON',
    // html
    'innerHTML outerHTML insertAdjacentHTML document dangerouslySetInnerHTML html bypassSecurityTrustHtml bypassSecurityTrustUrl bypassSecurityTrustResourceUrl bypassSecurityTrustScript bypassSecurityTrustStyle mark_safe html_safe Markup $sce',
    // file paths
    'readFile readFileSync writeFile writeFileSync appendFile appendFileSync createReadStream createWriteStream unlink unlinkSync rm rmSync rmdir rmdirSync sendFile download join resolve Paths File FileInputStream FileOutputStream filepath Open Create ReadFile WriteFile Remove fopen open file_get_contents file_put_contents',
  ]
    .join(' ')
    .split(' '),
);
const templateMarks = /v-html|\{\{|<%-/;
const authStems =
  /auth|passw|csrf|xsrf|session|cookie|jwt|log(?:in|out)|sign(?:in|out)|permission|rbac|role|admin|passport|secured/i;

function hasSecurityWord(text: string): boolean {
  word.lastIndex = 0;
  for (let match = word.exec(text); match !== null; match = word.exec(text)) {
    if (securityWords.has(match[0])) return true;
  }
  return false;
}

/** The signals of one changed line of code (not a comment), without its `+` or `-`. */
export function lineSignals(line: string, added: boolean): LineSignal[] {
  const text = line.length > maximumLineLength ? line.slice(0, maximumLineLength) : line;
  const code =
    text.includes('"') || text.includes("'") || text.includes('`') ? text.replace(stringLiteral, '""') : text;
  const first = code.match(/^\s*#?\s*([A-Za-z_$][\w$]*|\*)/)?.[1];
  const signals: LineSignal[] = [];

  if ((first !== undefined && definitionStarts.has(first)) || /\{\s*$/.test(code)) {
    if (definition.some((pattern) => pattern.test(code))) signals.push('definitions');
  }
  if (
    (first !== undefined && importStarts.has(first)) ||
    text.includes('require') ||
    text.includes('import(')
  ) {
    if (importPatterns.some((pattern) => pattern.test(text))) signals.push('imports');
  }
  if (controlFlow.test(code)) signals.push('control flow');
  if (authStems.test(code) && authLogic.test(code)) signals.push('auth logic');

  if (hasSecurityWord(text) || templateMarks.test(text)) {
    if (crypto.test(text)) signals.push('crypto');
    if (sql.some((pattern) => pattern.test(text))) {
      signals.push('sql');
      if (dynamicSql.test(text)) signals.push('dynamic sql');
    }
    if (shellExec.test(code) || text.includes('child_process')) signals.push('shell exec');
    if (evalOrDeserialisation.test(text)) signals.push('eval / deserialisation');
    if (htmlInjection.test(code)) signals.push('html injection');
    if (filePathFromInput.test(code)) signals.push('file path from input');
  }
  if (added && hasSecretPlaceholder(text)) signals.push('secret');
  return signals;
}

/** Whether a line holds a placeholder left where redaction removed a secret (see review/redact). */
export function hasSecretPlaceholder(line: string): boolean {
  return line.includes('[REDACTED:') && secretPlaceholder.test(line);
}
