/** How comments start in a language family. */
export type CommentStyle = 'slash' | 'hash' | 'dash' | 'markup' | 'unknown';

const styleByExtension = new Map<string, CommentStyle>();
const families: [CommentStyle, string][] = [
  [
    'slash',
    'js jsx ts tsx mjs cjs mts cts java kt kts scala go rs c h cc cpp cxx hpp hh cs swift dart php groovy gradle proto css scss less sol zig m mm',
  ],
  [
    'hash',
    'py pyi rb sh bash zsh fish yml yaml toml r pl pm tf tfvars hcl conf cfg properties cmake nix ps1 ex exs jl coffee mk',
  ],
  ['dash', 'sql lua hs elm ada'],
  ['markup', 'html htm xml svg vue svelte md mdx'],
];
for (const [style, extensions] of families)
  for (const extension of extensions.split(' ')) styleByExtension.set(extension, style);

const hashNames = new Set([
  'Dockerfile',
  'Makefile',
  'Gemfile',
  'Rakefile',
  'Procfile',
  '.gitignore',
  '.env',
]);

/** The comment style of a file, from its name. */
export function commentStyleOf(path: string): CommentStyle {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (hashNames.has(name) || name.startsWith('Dockerfile') || name.startsWith('.env')) return 'hash';
  const dot = name.lastIndexOf('.');
  return dot === -1 ? 'unknown' : (styleByExtension.get(name.slice(dot + 1).toLowerCase()) ?? 'unknown');
}

const starts: Record<CommentStyle, RegExp> = {
  slash: /^\s*(?:\/\/|\/\*|\*|#!)/,
  hash: /^\s*(?:#|"""|''')/,
  dash: /^\s*(?:--|\/\*|\*|\{-)/,
  markup: /^\s*<!--|-->\s*$/,
  unknown: /^\s*(?:\/\/|\/\*|\*|#|--|;|<!--)/,
};

/** Block comments: a line inside one is a comment whatever it starts with (a license header's text). */
const blocks: Record<CommentStyle, { open: string; close: string }> = {
  slash: { open: '/*', close: '*/' },
  hash: { open: '"""', close: '"""' },
  dash: { open: '/*', close: '*/' },
  markup: { open: '<!--', close: '-->' },
  unknown: { open: '/*', close: '*/' },
};

const stringLiteral = /(["'`])(?:\\.|(?!\1)[^\\])*\1/g;

/**
 * For each line of a hunk (without its `+`/`-`/` `), whether it is a comment: it starts like one,
 * or it lies inside a block comment opened on an earlier line. Context lines count for the state, so
 * pass every line of the hunk. Delimiters inside string literals (`"src/**\/*.ts"`) are ignored,
 * except in hash-style languages, whose block comments (docstrings) are strings themselves.
 */
export function commentLines(lines: readonly string[], style: CommentStyle): boolean[] {
  const { open, close } = blocks[style];
  let inside = false;
  return lines.map((line) => {
    const startsInside = inside;
    const text = style === 'hash' || !/["'`]/.test(line) ? line : line.replace(stringLiteral, '""');
    let position = 0;
    for (;;) {
      const next = text.indexOf(inside ? close : open, position);
      if (next === -1) break;
      position = next + (inside ? close.length : open.length);
      inside = !inside;
    }
    return startsInside || starts[style].test(line);
  });
}
