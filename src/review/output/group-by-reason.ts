/** Entries that share a reason, with how many there are and the paths of the first few. */
export interface ReasonGroup {
  reason: string;
  count: number;
  /** The first `pathLimit` known paths, in input order. */
  paths: string[];
}

/**
 * Groups skipped or unseen entries by reason, largest group first (ties in order of first appearance),
 * keeping at most `pathLimit` paths per group so that 5,000 entries cost no more than 50 to show.
 */
export function groupByReason(
  entries: readonly { path?: string; reason: string }[],
  pathLimit: number,
): ReasonGroup[] {
  const groups = new Map<string, ReasonGroup>();
  for (const entry of entries) {
    let group = groups.get(entry.reason);
    if (group == null) {
      group = { reason: entry.reason, count: 0, paths: [] };
      groups.set(entry.reason, group);
    }
    group.count++;
    if (entry.path != null && group.paths.length < pathLimit) group.paths.push(entry.path);
  }
  return [...groups.values()].sort((left, right) => right.count - left.count);
}
