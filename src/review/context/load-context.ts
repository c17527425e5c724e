import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ReviewConfig } from '../../config/index.ts';
import { UsageError } from '../../errors/index.ts';
import { countTokens } from '../../llm/tokens/index.ts';

export interface ReviewContext {
  /** The text placed in every request after the rules, before the diff. */
  text: string;
  tokens: number;
  /** Files cut short or left out to stay under `review.context.max_tokens`. */
  truncated: string[];
}

/**
 * Reads the team's context files (coding standards, architecture notes, preferences, compliance
 * rules) named in `review.context.files`, relative to `root`, in order, until `max_tokens` is reached.
 */
export function loadReviewContext(config: ReviewConfig['context'], root: string): ReviewContext {
  const parts: string[] = [];
  const truncated: string[] = [];
  let tokens = 0;
  for (const file of config.files) {
    let text: string;
    try {
      text = readFileSync(resolve(root, file), 'utf8').trim();
    } catch (error) {
      throw new UsageError(
        `review.context.files: cannot read ${file} (${(error as NodeJS.ErrnoException).code})`,
        {
          hint: 'fix the path in .steward.yml; paths are relative to the directory of .steward.yml',
        },
      );
    }
    const section = `### ${file}\n${text}`;
    const room = config.max_tokens - tokens;
    const count = countTokens(section, { provider: 'openai', model: 'gpt-4o' }).tokens;
    if (count <= room) {
      parts.push(section);
      tokens += count;
      continue;
    }
    truncated.push(file);
    if (room <= 0) continue;
    // Keep the start of the file: cut proportionally, then trim until it fits.
    let cut = section.slice(0, Math.floor((section.length * room) / count));
    while (cut.length > 0 && countTokens(cut, { provider: 'openai', model: 'gpt-4o' }).tokens > room) {
      cut = cut.slice(0, Math.floor(cut.length * 0.9));
    }
    if (cut.length > 0) {
      parts.push(cut);
      tokens += countTokens(cut, { provider: 'openai', model: 'gpt-4o' }).tokens;
    }
  }
  return { text: parts.join('\n\n'), tokens, truncated };
}
