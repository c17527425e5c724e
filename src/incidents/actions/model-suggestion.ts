import type { ActionKind } from '../history/index.ts';
import { inferActionKind, normalizeActionText } from './normalize-action.ts';
import type { RankedAction } from './rank-actions.ts';

/**
 * An action a model suggested when history had nothing to rank: origin `model`, score 0, no evidence.
 * The kind is inferred from the text unless given; a production kind still becomes a proposal for the
 * approval gate, never an execution.
 */
export function modelSuggestion(
  text: string,
  options: { kind?: ActionKind; target?: string } = {},
): RankedAction {
  const action = normalizeActionText(text);
  return {
    action,
    kind: options.kind ?? inferActionKind(action),
    ...(options.target === undefined ? {} : { target: options.target }),
    origin: 'model',
    score: 0,
    evidence: null,
  };
}
