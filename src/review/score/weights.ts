/**
 * The constants of the risk formula (see score-file.ts and README.md). A weight is the chance, in
 * Steward's judgement, that a signal on its own means the change needs a careful review.
 */
export const weights = {
  /** Size: `perDoubling × log2(1 + changed lines)`, capped: 1 line 0.05, 15 lines 0.2, 255+ lines 0.4. */
  size: { perDoubling: 0.05, cap: 0.4 },
  /** Counted signals: `each × lines with the signal`, capped. */
  definitions: { each: 0.08, cap: 0.3 },
  imports: { each: 0.05, cap: 0.15 },
  controlFlow: { each: 0.03, cap: 0.3 },
  /** Present-or-absent signals. */
  authLogic: 0.3,
  crypto: 0.45,
  sql: 0.45,
  /** SQL assembled from values (concatenation, interpolation, formatting): injection's shape. */
  dynamicSql: 0.6,
  filePathFromInput: 0.45,
  htmlInjection: 0.5,
  shellExec: 0.55,
  evalOrDeserialisation: 0.55,
  secret: 0.9,
  sensitivePath: 0.4,
  infrastructure: 0.3,
  /** Dampeners and floors, applied after the signals are combined. */
  testFile: 0.5,
  docsCap: 0.15,
  commentsOnly: 0.05,
  whitespaceOnly: 0.02,
  renameOnly: 0.01,
  criticalPathFloor: 0.85,
} as const;

/** Changed lines from which `size` is listed among the signals (its weight reaches 0.2). */
export const sizeSignalFrom = 15;
