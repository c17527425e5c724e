/** A run of Markdown items that truncation may cut short, such as the findings or the rows of a table. */
export interface MarkdownGroup {
  /** What one item is, for the truncation note: `findings`, `hints`. */
  label: string;
  /** Rendered before the first item and after the last, only when at least one item is shown. */
  open?: string;
  close?: string;
  count: number;
  /** Renders item `index`; called only for the items that are shown. */
  item: (index: number) => string;
}

/** A group whose items are already rendered. */
export function markdownGroup(
  label: string,
  items: readonly string[],
  wrapper: { open?: string; close?: string } = {},
): MarkdownGroup {
  return { label, ...wrapper, count: items.length, item: (index) => items[index] ?? '' };
}

export interface FittedMarkdown {
  text: string;
  /** Items left out, per label, in group order. */
  omitted: { label: string; count: number }[];
}

/**
 * Renders groups in order while they fit in `budget` characters. At the first item that does not fit,
 * rendering stops: everything after it is counted as omitted, so what is shown is always a prefix and
 * every opened group (a `<details>`, a table) is closed.
 */
export function fitMarkdown(groups: readonly MarkdownGroup[], budget: number): FittedMarkdown {
  const parts: string[] = [];
  const omitted = new Map<string, number>();
  let used = 0;
  let stopped = false;
  for (const group of groups) {
    if (group.count === 0) continue;
    const open = group.open ?? '';
    const close = group.close ?? '';
    let shown = 0;
    if (!stopped) {
      for (let index = 0; index < group.count; index++) {
        const item = group.item(index);
        const cost = item.length + (shown === 0 ? open.length + close.length : 0);
        if (used + cost > budget) {
          stopped = true;
          break;
        }
        if (shown === 0) parts.push(open);
        parts.push(item);
        used += cost;
        shown++;
      }
      if (shown > 0) parts.push(close);
    }
    if (shown < group.count) omitted.set(group.label, (omitted.get(group.label) ?? 0) + group.count - shown);
  }
  return { text: parts.join(''), omitted: [...omitted].map(([label, count]) => ({ label, count })) };
}
