import { setOwn } from '../alerts/label-map.ts';
import { compareUtf8 } from '../alerts/utf8-order.ts';

/** `group_by: ['...']`: every label of the alert makes the group, as Alertmanager's `group_by: ['...']`. */
export const groupByAll = '...';

/** The key of Alertmanager's root route, which has no matchers: `labels.Matchers{}.String()`. */
const rootRouteKey = '{}';

/**
 * The labels of `labels` that make its group, as Alertmanager's dispatcher picks them
 * (`getGroupLabels`): those named in `groupBy` that the alert has, or all of them when `groupBy`
 * holds `'...'`. A label the alert lacks is left out, not given an empty value.
 */
export function groupLabelsOf(
  labels: Readonly<Record<string, string>>,
  groupBy: readonly string[],
): Record<string, string> {
  const groupLabels: Record<string, string> = {};
  const all = groupBy.includes(groupByAll);
  for (const name of Object.keys(labels)) {
    if (all || groupBy.includes(name)) setOwn(groupLabels, name, labels[name]!);
  }
  return groupLabels;
}

/**
 * Alertmanager's key of an aggregation group under the root route (dispatch `aggrGroup.GroupKey()`:
 * route key, `:`, then model `LabelSet.String()`): `{}:{alertname="HighLatency", service="api"}`.
 * Label names sorted as Go sorts strings (by bytes), written bare; values quoted as Go's
 * `strconv.Quote`; pairs separated by `", "`. No group labels gives `{}:{}`.
 */
export function groupKeyOf(groupLabels: Readonly<Record<string, string>>): string {
  // prometheus/common LabelSet.String() sorts the formatted `name="value"` strings, not the names:
  // `a0="y"` comes before `a="x"`.
  const pairs = Object.keys(groupLabels)
    .map((name) => `${name}=${goQuote(groupLabels[name]!)}`)
    .sort(compareUtf8);
  return `${rootRouteKey}:{${pairs.join(', ')}}`;
}

const plainAscii = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols, and the ASCII space. */
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const namedEscapes: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};

/**
 * Go's `strconv.Quote`: a double-quoted string with `"` and `\` escaped, printable characters as they
 * are, `\a \b \f \n \r \t \v`, other control bytes as `\xhh`, other unprintable characters as `\uhhhh`
 * or `\Uhhhhhhhh`. A lone surrogate is U+FFFD, as Go's JSON decoder reads it.
 */
export function goQuote(value: string): string {
  if (plainAscii.test(value)) return `"${value}"`;
  let quoted = '"';
  for (const character of value) {
    let point = character.codePointAt(0)!;
    if (point >= 0xd800 && point <= 0xdfff) point = 0xfffd;
    if (point === 0x22 || point === 0x5c) {
      quoted += `\\${character}`;
    } else if (point === 0xfffd) {
      quoted += '\uFFFD';
    } else if (point === 0x20 || printable.test(character)) {
      quoted += character;
    } else if (namedEscapes[point] !== undefined) {
      quoted += namedEscapes[point];
    } else if (point < 0x20 || point === 0x7f) {
      quoted += `\\x${point.toString(16).padStart(2, '0')}`;
    } else if (point < 0x10000) {
      quoted += `\\u${point.toString(16).padStart(4, '0')}`;
    } else {
      quoted += `\\U${point.toString(16).padStart(8, '0')}`;
    }
  }
  return `${quoted}"`;
}
