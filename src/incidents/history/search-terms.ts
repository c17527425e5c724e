/**
 * How incident text becomes search terms: words split on anything but letters and digits, lowercased,
 * stop words dropped, light suffix stripping (plurals, -ing, -ed, -tion, final e), and a short table
 * of operations abbreviations folded to one term (db → database, k8s → kubernetes, …).
 * Labels become `name:value` terms and their values' words; services their name and its parts.
 */

const stopWords = new Set(
  (
    'a an the and or of on in to for from with without by at as is are was were be been being it its ' +
    'this that these those after before during while when then than into over under out not no we our ' +
    'us they their them has have had but so all some any more most less very also due because which who ' +
    'what there here about per via can could would should will did do does again still just only'
  ).split(' '),
);

/** Abbreviations and spellings of one thing, by lowercased word or by its stem. */
const canonical = new Map<string, string>(
  Object.entries({
    db: 'database',
    dbs: 'database',
    databas: 'database',
    pg: 'postgres',
    postgresql: 'postgres',
    psql: 'postgres',
    k8s: 'kubernetes',
    kube: 'kubernetes',
    kubernetes: 'kubernetes',
    certificate: 'cert',
    certificat: 'cert',
    ssl: 'tls',
    oomkilled: 'oom',
    oomkill: 'oom',
    mem: 'memory',
    conn: 'connect',
    conns: 'connect',
    cfg: 'config',
    configuration: 'config',
    configurat: 'config',
    perf: 'performance',
    production: 'prod',
    msg: 'message',
    msgs: 'message',
    svc: 'service',
    err: 'error',
    errs: 'error',
    p99: 'latency',
    p95: 'latency',
    p90: 'latency',
    es: 'elasticsearch',
    elastic: 'elasticsearch',
    rabbit: 'rabbitmq',
    releas: 'deploy',
    rollout: 'deploy',
    deployment: 'deploy',
  }),
);

/** One word as a search term, or undefined for a stop word or a single character. */
export function wordTerm(word: string): string | undefined {
  const lower = word.toLowerCase();
  if (lower.length < 2 || stopWords.has(lower)) return undefined;
  const known = canonical.get(lower);
  if (known !== undefined) return known;
  const stemmed = stem(lower);
  return canonical.get(stemmed) ?? stemmed;
}

/** Light suffix stripping: consistent rather than linguistic (`rotate`, `rotated`, `rotation` → `rotat`). */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let result = word;
  if (result.endsWith('ies') && result.length > 4) result = `${result.slice(0, -3)}y`;
  else if (result.endsWith('sses')) result = result.slice(0, -2);
  else if (result.endsWith('s') && !/(?:ss|us|is)$/.test(result)) result = result.slice(0, -1);
  if (result.endsWith('ing') && result.length > 5) result = undouble(result.slice(0, -3));
  else if (result.endsWith('ed') && result.length > 4) result = undouble(result.slice(0, -2));
  if (result.endsWith('tion') && result.length > 6) result = result.slice(0, -3);
  if (result.endsWith('e') && result.length > 4) result = result.slice(0, -1);
  return result;
}

function undouble(word: string): string {
  const last = word.at(-1);
  return last !== undefined && word.at(-2) === last && !'lsz'.includes(last) && /[b-df-hj-np-tv-z]/.test(last)
    ? word.slice(0, -1)
    : word;
}

/** Words of free text. */
export function splitWords(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
}

/** Search terms of free text, in order, duplicates kept (term frequency counts). */
export function textTerms(text: string): string[] {
  const terms: string[] = [];
  for (const word of splitWords(text)) {
    const term = wordTerm(word);
    if (term !== undefined) terms.push(term);
  }
  return terms;
}

/** `HighLatency` → `High Latency`, `KubePodCrashLooping` → `Kube Pod Crash Looping`. */
function splitCamel(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

function token(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, '_');
}

/** `name:value` terms of labels (lowercased, spaces as `_`). */
export function labelPairTerms(labels: Readonly<Record<string, string>>): string[] {
  const terms = new Set<string>();
  for (const [name, value] of Object.entries(labels)) {
    if (value.trim() !== '') terms.add(`${token(name)}:${token(value)}`);
  }
  return [...terms];
}

/** Plain terms of label values: the whole value and its words (`HighLatency` → highlatency, high, latency). */
export function labelValueTerms(labels: Readonly<Record<string, string>>): string[] {
  const terms = new Set<string>();
  for (const value of Object.values(labels)) {
    if (value.trim() === '') continue;
    terms.add(token(value));
    for (const term of textTerms(splitCamel(value))) terms.add(term);
  }
  return [...terms];
}

/** Terms of labels: `name:value` for each, the whole value, and the value's words. */
export function labelTerms(labels: Readonly<Record<string, string>>): string[] {
  return [...labelPairTerms(labels), ...labelValueTerms(labels)];
}

/** Terms of services: the whole name and the words of its parts (`payments-api` → payments-api, payment, api). */
export function serviceTerms(services: readonly string[]): string[] {
  const terms = new Set<string>();
  for (const service of services) {
    if (service.trim() === '') continue;
    terms.add(token(service));
    for (const term of textTerms(splitCamel(service))) terms.add(term);
  }
  return [...terms];
}
