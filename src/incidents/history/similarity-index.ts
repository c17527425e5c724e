import type { Kysely } from 'kysely';
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import type { Database } from '../../store/index.ts';
import {
  labelPairTerms,
  labelValueTerms,
  serviceTerms,
  splitWords,
  textTerms,
  wordTerm,
} from './search-terms.ts';

/** A new incident, as similar-incident search reads it. */
export interface SimilarityQuery {
  title: string;
  summary?: string;
  labels?: Readonly<Record<string, string>>;
  services?: readonly string[];
}

/** The fields of a past incident a query can match. */
export type SimilarityField = 'services' | 'labels' | 'title' | 'summary' | 'root_cause';

export interface SimilarIncident {
  id: string;
  title: string;
  /** 0..1: its BM25 score over the score the query gets against itself (README.md). */
  score: number;
  /** The fields of the past incident the query matched, services and labels first. */
  matched: SimilarityField[];
}

/** What the index needs of a past incident. */
export interface IndexableIncident {
  id: string;
  title: string;
  summary: string;
  rootCause: string;
  labels: Readonly<Record<string, string>>;
  services: readonly string[];
}

export interface SimilarityIndex {
  /** The past incidents most like `query`, best first: at most `limit` (5), only those matching at all. */
  search(query: SimilarityQuery, limit?: number): Promise<SimilarIncident[]>;
  /** Adds a past incident, replacing the one with its id: call it after storing one. */
  add(incident: IndexableIncident): Promise<void>;
  /** How many past incidents the index holds. */
  size(): Promise<number>;
}

/** Boosts, fuzziness and cost bound; the defaults were tuned on test/incidents/history/fixtures. */
export interface SimilarityTuning {
  /** Boosts of the past incident's title, summary and root cause when the query's words match them. */
  textBoost: { title: number; summary: number; root_cause: number };
  /** Boosts of the past incident's labels and services when the query's labels and services match them. */
  structuredBoost: { labels: number; services: number };
  /** Weight of the query's summary words relative to its title words. */
  summaryWeight: number;
  /**
   * MiniSearch fuzziness (a fraction of the word length; 0 for none) of query words of 5 characters or
   * more that no past incident contains.
   */
  fuzzy: number;
  /** Prefix matching of query words of 4 characters or more that no past incident contains. */
  prefix: boolean;
  /**
   * Candidates: how many postings (past incidents per query term, summed) the first stage scores, its
   * terms taken rarest first while they fit. With few past incidents every term fits and the first
   * stage is the whole search.
   */
  postingBudget: number;
  /**
   * Re-scoring: how many postings the second stage walks (again rarest first) to score the first
   * stage's candidates with every term that fits; postings of other incidents are skipped unscored.
   */
  rescoreBudget: number;
}

export const defaultSimilarityTuning: SimilarityTuning = {
  textBoost: { title: 2, summary: 1, root_cause: 1 },
  structuredBoost: { labels: 2, services: 3 },
  summaryWeight: 0.5,
  fuzzy: 0.2,
  prefix: true,
  postingBudget: 5_000,
  rescoreBudget: 60_000,
};

/** MiniSearch's documents: processed terms, space-separated, for every field but the free text. */
interface IndexedDocument {
  id: string;
  title: string;
  summary: string;
  root_cause: string;
  /** `name:value` terms: only the query's labels match them, never its words. */
  label_pairs: string;
  /** Label values and their words. */
  labels: string;
  services: string;
}
type IndexField = Exclude<keyof IndexedDocument, 'id'>;

const indexFields: IndexField[] = ['title', 'summary', 'root_cause', 'label_pairs', 'labels', 'services'];
const textFields: IndexField[] = ['title', 'summary', 'root_cause'];
const structuredFields: IndexField[] = ['label_pairs', 'labels', 'services'];
const termFields = new Set<string>(['label_pairs', 'labels', 'services']);
const reportedOrder: SimilarityField[] = ['services', 'labels', 'title', 'summary', 'root_cause'];
/** The query's own document while it is scored; no stored id starts with a NUL character. */
const selfId = '\u0000query';
const pageSize = 5_000;

const splitTerms = (text: string): string[] => (text === '' ? [] : text.split(' '));
const keepTerm = (term: string): string => term;

function indexedDocument(incident: IndexableIncident): IndexedDocument {
  return {
    id: incident.id,
    title: incident.title,
    summary: incident.summary,
    root_cause: incident.rootCause,
    label_pairs: labelPairTerms(incident.labels).join(' '),
    labels: labelValueTerms(incident.labels).join(' '),
    services: serviceTerms(incident.services).join(' '),
  };
}

/** The distinct terms of an indexed document's text, and of its labels and services. */
function documentTerms(document: IndexedDocument): { text: Set<string>; structured: Set<string> } {
  return {
    text: new Set(textTerms(`${document.title} ${document.summary} ${document.root_cause}`)),
    structured: new Set([
      ...splitTerms(document.label_pairs),
      ...splitTerms(document.labels),
      ...splitTerms(document.services),
    ]),
  };
}

/**
 * The similar-incident index of `incident_history`: loaded from the store on first use and kept in
 * memory. Call `add` for incidents stored after it loaded; rows written behind its back are not seen.
 */
export function createSimilarityIndex(
  db: Kysely<Database>,
  tuning: Partial<SimilarityTuning> = {},
): SimilarityIndex {
  let loading: Promise<InMemorySimilarityIndex> | undefined;
  const index = (): Promise<InMemorySimilarityIndex> => {
    loading ??= loadIndex(db, tuning).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return {
    search: async (query, limit) => (await index()).search(query, limit),
    add: async (incident) => (await index()).add(incident),
    size: async () => (await index()).size(),
  };
}

async function loadIndex(
  db: Kysely<Database>,
  tuning: Partial<SimilarityTuning>,
): Promise<InMemorySimilarityIndex> {
  const index = new InMemorySimilarityIndex(tuning);
  let after: string | undefined;
  for (;;) {
    let page = db
      .selectFrom('incident_history')
      .select(['id', 'title', 'summary', 'root_cause', 'labels', 'services'])
      .orderBy('id')
      .limit(pageSize);
    if (after !== undefined) page = page.where('id', '>', after);
    const rows = await page.execute();
    for (const row of rows) {
      index.add({
        id: row.id,
        title: row.title,
        summary: row.summary,
        rootCause: row.root_cause,
        labels: readLabels(row.labels),
        services: readServices(row.services),
      });
    }
    if (rows.length < pageSize) return index;
    after = rows.at(-1)!.id;
  }
}

function readLabels(text: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return {};
  }
}

function readServices(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The index itself, synchronous: MiniSearch (BM25+) over title, summary, root cause, labels
 * (`name:value` terms, and values with their words) and services. `createSimilarityIndex` loads one
 * from the store.
 */
export class InMemorySimilarityIndex {
  readonly #search: MiniSearch<IndexedDocument>;
  readonly #tuning: SimilarityTuning;
  /**
   * Past incidents per term of their text, and per term of their labels and services. Replacing an
   * incident does not subtract its old terms (the counts only steer the budget).
   */
  readonly #textFrequency = new Map<string, number>();
  readonly #structuredFrequency = new Map<string, number>();

  constructor(tuning: Partial<SimilarityTuning> = {}) {
    this.#tuning = { ...defaultSimilarityTuning, ...tuning };
    this.#search = new MiniSearch<IndexedDocument>({
      fields: indexFields,
      storeFields: ['title'],
      tokenize: (text, field) => (termFields.has(field ?? '') ? splitTerms(text) : splitWords(text)),
      processTerm: (term, field) => (termFields.has(field ?? '') ? term : wordTerm(term)),
    });
  }

  add(incident: IndexableIncident): void {
    if (this.#search.has(incident.id)) this.#search.discard(incident.id);
    const document = indexedDocument(incident);
    this.#search.add(document);
    const { text, structured } = documentTerms(document);
    for (const term of text) this.#textFrequency.set(term, (this.#textFrequency.get(term) ?? 0) + 1);
    for (const term of structured) {
      this.#structuredFrequency.set(term, (this.#structuredFrequency.get(term) ?? 0) + 1);
    }
  }

  size(): number {
    return this.#search.documentCount;
  }

  search(query: SimilarityQuery, limit = 5): SimilarIncident[] {
    const self = indexedDocument({
      id: selfId,
      title: query.title,
      summary: query.summary ?? '',
      rootCause: '',
      labels: query.labels ?? {},
      services: query.services ?? [],
    });
    const terms = this.#terms(self);
    if (terms.length === 0) return [];
    const candidates = this.#withinBudget(terms, this.#tuning.postingBudget);
    // Scored with its own document in the index: the score an identical past incident would have.
    this.#search.add(self);
    let results: SearchResult[];
    try {
      results = this.#search.search(this.#query(candidates));
      const rescored = this.#withinBudget(terms, this.#tuning.rescoreBudget);
      if (rescored.length > candidates.length) {
        // Stage 2: the candidates again, with every term the re-scoring budget allows.
        const ids = new Set<string>(results.map((result) => result.id as string));
        results = this.#search.search(this.#query(rescored), {
          boostDocument: (id) => (ids.has(id as string) ? 1 : 0),
        });
      }
    } finally {
      this.#search.remove(self);
    }
    let selfScore = 0;
    for (const result of results) {
      if (result.id === selfId) {
        selfScore = result.score;
        break;
      }
    }
    if (selfScore <= 0) return [];
    const similar: SimilarIncident[] = [];
    for (const result of results) {
      if (similar.length >= limit) break;
      if (result.id === selfId) continue;
      similar.push({
        id: result.id as string,
        title: result.title as string,
        score: Math.min(1, result.score / selfScore),
        matched: matchedFields(result),
      });
    }
    return similar;
  }

  /**
   * The query's terms with their document frequency, each once: labels and services (matched against
   * past labels and services), words of the title, then words of the summary not in the title.
   */
  #terms(self: IndexedDocument): QueryTerm[] {
    const structured = new Set([
      ...splitTerms(self.label_pairs),
      ...splitTerms(self.labels),
      ...splitTerms(self.services),
    ]);
    const title = new Set(textTerms(self.title));
    const summary = new Set(textTerms(self.summary).filter((term) => !title.has(term)));
    const text = (part: 'title' | 'summary') => (term: string) => ({
      term,
      part,
      count: this.#textFrequency.get(term) ?? 0,
    });
    return [
      ...[...structured].map((term) => ({
        term,
        part: 'structured' as const,
        count: this.#structuredFrequency.get(term) ?? 0,
      })),
      ...[...title].map(text('title')),
      ...[...summary].map(text('summary')),
    ];
  }

  /** The terms to score: rarest first while their postings fit `budget` (at least one). */
  #withinBudget(terms: readonly QueryTerm[], budget: number): QueryTerm[] {
    const kept: QueryTerm[] = [];
    let postings = 0;
    for (const term of terms.toSorted((a, b) => a.count - b.count)) {
      if (kept.length > 0 && postings + term.count > budget) break;
      postings += term.count;
      kept.push(term);
    }
    return kept;
  }

  #query(terms: readonly QueryTerm[]): Query {
    const { textBoost, structuredBoost, summaryWeight, fuzzy, prefix } = this.#tuning;
    const of = (part: QueryTerm['part']) =>
      terms
        .filter((term) => term.part === part)
        .map((term) => term.term)
        .join(' ');
    const text = (words: string, weight: number): Query => ({
      queries: [words],
      fields: textFields,
      boost: Object.fromEntries(
        textFields.map((field) => [field, textBoost[field as keyof SimilarityTuning['textBoost']] * weight]),
      ),
      tokenize: splitTerms,
      processTerm: keepTerm,
      // Only for words no past incident has (typos, unseen variants): expanding known words would
      // score postings outside the budget and add little to their exact matches.
      fuzzy: (term: string) =>
        fuzzy > 0 && term.length >= 5 && !this.#textFrequency.has(term) ? fuzzy : false,
      prefix: (term: string) => prefix && term.length >= 4 && !this.#textFrequency.has(term),
    });
    // Structured terms first: for a term in two subqueries, the last one's fields are reported.
    const queries: Query[] = [];
    const structured = of('structured');
    if (structured !== '') {
      queries.push({
        queries: [structured],
        fields: structuredFields,
        boost: {
          label_pairs: structuredBoost.labels,
          labels: structuredBoost.labels,
          services: structuredBoost.services,
        },
        tokenize: splitTerms,
        processTerm: keepTerm,
        fuzzy: false,
        prefix: false,
      });
    }
    const summary = of('summary');
    if (summary !== '') queries.push(text(summary, summaryWeight));
    const title = of('title');
    if (title !== '') queries.push(text(title, 1));
    return { combineWith: 'OR', queries };
  }
}

interface QueryTerm {
  term: string;
  part: 'structured' | 'title' | 'summary';
  /** Past incidents with the term (in their text, or in their labels and services). */
  count: number;
}

function matchedFields(result: SearchResult): SimilarityField[] {
  const found = new Set<string>();
  for (const fields of Object.values(result.match)) {
    for (const field of fields) found.add(field === 'label_pairs' ? 'labels' : field);
  }
  return reportedOrder.filter((field) => found.has(field));
}
