import type { Kysely } from 'kysely';
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import type { Database } from '../../store/index.ts';
import { labelTerms, serviceTerms, splitWords, textTerms, wordTerm } from './search-terms.ts';

/** A new incident, as similar-incident search reads it. */
export interface SimilarityQuery {
  title: string;
  summary?: string;
  labels?: Readonly<Record<string, string>>;
  services?: readonly string[];
}

/** The fields a past incident can match on. */
export type SimilarityField = 'services' | 'labels' | 'title' | 'summary' | 'root_cause';

export interface SimilarIncident {
  id: string;
  title: string;
  /** 0..1: the BM25 score over the query's own score as a past incident (README.md). */
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
  /** The past incidents most like `query`, best first, at most `limit` (5), only those that match at all. */
  search(query: SimilarityQuery, limit?: number): Promise<SimilarIncident[]>;
  /** Adds a past incident (replacing the one with its id): call it after storing one. */
  add(incident: IndexableIncident): Promise<void>;
  /** How many past incidents the index holds. */
  size(): Promise<number>;
}

/** Field boosts and fuzziness; the defaults were tuned on test/incidents/history/fixtures. */
export interface SimilarityTuning {
  /** Boosts of the past incident's fields when the query's title and summary words match them. */
  textBoost: Record<SimilarityField, number>;
  /** Boosts of the past incident's labels and services when the query's labels and services match them. */
  structuredBoost: { labels: number; services: number };
  /** Weight of the query's summary words relative to its title words. */
  summaryWeight: number;
  /** MiniSearch fuzziness of words of 5 characters or more (a fraction of the word length); 0 for none. */
  fuzzy: number;
  /** Prefix matching of words of 4 characters or more. */
  prefix: boolean;
  /**
   * How many postings (past incidents per query term, summed) one search may score: terms are taken
   * rarest first until the next would pass it. Common terms (`env:prod`) have a BM25 weight near zero
   * and would make a search touch most of the index; with few past incidents nothing is left out.
   */
  postingBudget: number;
}

export const defaultSimilarityTuning: SimilarityTuning = {
  textBoost: { title: 2, summary: 1, root_cause: 1, labels: 1.5, services: 2 },
  structuredBoost: { labels: 2, services: 3 },
  summaryWeight: 0.5,
  fuzzy: 0.2,
  prefix: true,
  postingBudget: 40_000,
};

interface IndexedDocument {
  id: string;
  title: string;
  summary: string;
  root_cause: string;
  /** Terms, space-separated (already processed). */
  labels: string;
  services: string;
}

const fields: SimilarityField[] = ['title', 'summary', 'root_cause', 'labels', 'services'];
const fieldOrder: SimilarityField[] = ['services', 'labels', 'title', 'summary', 'root_cause'];
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
    labels: labelTerms(incident.labels).join(' '),
    services: serviceTerms(incident.services).join(' '),
  };
}

/**
 * The similar-incident index: MiniSearch (BM25+) over title, summary, root cause, labels (`name:value`
 * terms and plain values) and services of `incident_history`, loaded on first use and kept in memory.
 * Call `add` for incidents stored after it loaded; rows written behind its back are not seen.
 */
export function createSimilarityIndex(
  db: Kysely<Database>,
  tuning: Partial<SimilarityTuning> = {},
): SimilarityIndex {
  let loading: Promise<InMemorySimilarityIndex> | undefined;
  const index = (): Promise<InMemorySimilarityIndex> => {
    loading ??= loadIndex(db, { ...defaultSimilarityTuning, ...tuning }).catch((error: unknown) => {
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

async function loadIndex(db: Kysely<Database>, tuning: SimilarityTuning): Promise<InMemorySimilarityIndex> {
  const index = new InMemorySimilarityIndex(tuning);
  let after: string | undefined;
  for (;;) {
    let query = db
      .selectFrom('incident_history')
      .select(['id', 'title', 'summary', 'root_cause', 'labels', 'services'])
      .orderBy('id')
      .limit(pageSize);
    if (after !== undefined) query = query.where('id', '>', after);
    const rows = await query.execute();
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

/** The index itself, synchronous; `createSimilarityIndex` loads one from the store. */
export class InMemorySimilarityIndex {
  readonly #search: MiniSearch<IndexedDocument>;
  readonly #tuning: SimilarityTuning;
  /** Past incidents per term (any field). Replacing an incident does not subtract its old terms. */
  readonly #documentFrequency = new Map<string, number>();

  constructor(tuning: Partial<SimilarityTuning> = {}) {
    this.#tuning = { ...defaultSimilarityTuning, ...tuning };
    this.#search = new MiniSearch<IndexedDocument>({
      fields,
      storeFields: ['title'],
      tokenize: (text, field) =>
        field === 'labels' || field === 'services' ? splitTerms(text) : splitWords(text),
      processTerm: (term, field) => (field === 'labels' || field === 'services' ? term : wordTerm(term)),
    });
  }

  add(incident: IndexableIncident): void {
    if (this.#search.has(incident.id)) this.#search.discard(incident.id);
    const document = indexedDocument(incident);
    this.#search.add(document);
    for (const term of documentTerms(document)) {
      this.#documentFrequency.set(term, (this.#documentFrequency.get(term) ?? 0) + 1);
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
    const tree = this.#query(self);
    if (tree.queries.length === 0) return [];
    // Scored against its own document: the score an identical past incident would have.
    this.#search.add(self);
    let results: SearchResult[];
    try {
      results = this.#search.search(tree);
    } finally {
      this.#search.remove(self);
    }
    const selfScore = results.find((result) => result.id === selfId)?.score ?? 0;
    if (selfScore <= 0) return [];
    const similar: SimilarIncident[] = [];
    for (const result of results) {
      if (result.id === selfId) continue;
      similar.push({
        id: result.id as string,
        title: result.title as string,
        score: Math.min(1, result.score / selfScore),
        matched: matchedFields(result),
      });
      if (similar.length >= limit) break;
    }
    return similar;
  }

  #query(self: IndexedDocument): { combineWith: 'OR'; queries: Query[] } {
    const { textBoost, structuredBoost, summaryWeight, fuzzy, prefix } = this.#tuning;
    const groups = {
      structured: [...new Set([...splitTerms(self.labels), ...splitTerms(self.services)])],
      summary: [...new Set(textTerms(self.summary))],
      title: [...new Set(textTerms(self.title))],
    };
    const kept = this.#withinBudget(Object.values(groups).flat());
    const terms = (group: string[]) => group.filter((term) => kept.has(term)).join(' ');
    const text = (words: string, weight: number): Query => ({
      queries: [words],
      fields,
      boost: Object.fromEntries(fields.map((field) => [field, textBoost[field] * weight])),
      tokenize: splitTerms,
      processTerm: keepTerm,
      fuzzy: (term: string) => (fuzzy > 0 && term.length >= 5 ? fuzzy : false),
      prefix: (term: string) => prefix && term.length >= 4,
    });
    // Structured terms first: for a term in two subqueries, the last one's fields are reported.
    const queries: Query[] = [];
    const structured = terms(groups.structured);
    if (structured !== '') {
      queries.push({
        queries: [structured],
        fields: ['labels', 'services'],
        boost: structuredBoost,
        tokenize: splitTerms,
        processTerm: keepTerm,
        fuzzy: false,
        prefix: false,
      });
    }
    const summary = terms(groups.summary);
    if (summary !== '') queries.push(text(summary, summaryWeight));
    const title = terms(groups.title);
    if (title !== '') queries.push(text(title, 1));
    return { combineWith: 'OR', queries };
  }

  /** The query terms to score: rarest first while their postings fit the budget (at least one). */
  #withinBudget(terms: readonly string[]): Set<string> {
    const frequency = (term: string) => this.#documentFrequency.get(term) ?? 0;
    const byRarity = terms
      .map((term) => ({ term, count: frequency(term) }))
      .sort((a, b) => a.count - b.count);
    const kept = new Set<string>();
    let postings = 0;
    for (const { term, count } of byRarity) {
      if (kept.size > 0 && postings + count > this.#tuning.postingBudget) break;
      postings += count;
      kept.add(term);
    }
    return kept;
  }
}

/** The distinct terms of an indexed document, over all fields. */
function documentTerms(document: IndexedDocument): Set<string> {
  return new Set([
    ...textTerms(`${document.title} ${document.summary} ${document.root_cause}`),
    ...splitTerms(document.labels),
    ...splitTerms(document.services),
  ]);
}

function matchedFields(result: SearchResult): SimilarityField[] {
  const found = new Set<string>();
  for (const fieldsOfTerm of Object.values(result.match)) for (const field of fieldsOfTerm) found.add(field);
  return fieldOrder.filter((field) => found.has(field));
}
