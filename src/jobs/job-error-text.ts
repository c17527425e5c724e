export const maxJobErrorLength = 2_000;

/** An error as stored in `last_error`: its message, at most 2,000 characters. */
export function jobErrorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length <= maxJobErrorLength ? text : `${text.slice(0, maxJobErrorLength - 1)}…`;
}
