/**
 * C0 and C1 control characters (except tab and newline) and the Unicode bidirectional controls: they can
 * move the cursor, recolour a terminal, or reorder what a reader sees ("Trojan Source").
 */
export const hiddenCharacters =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
