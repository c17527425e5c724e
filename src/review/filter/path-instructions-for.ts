import type { ReviewConfig } from '../../config/index.ts';
import { matchesGlob } from './matches-glob.ts';

/** The `review.path_instructions` texts whose glob matches a path, in the order of the configuration. */
export function pathInstructionsFor(path: string, config: Pick<ReviewConfig, 'path_instructions'>): string[] {
  return config.path_instructions
    .filter((entry) => matchesGlob(path, entry.path))
    .map((entry) => entry.instructions);
}
