/** Cuts text to at most `limit` characters, ending with `…` when cut; never splits a surrogate pair. */
export function shorten(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
