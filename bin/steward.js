#!/usr/bin/env node
// Entry point of the `steward` command. Plain JavaScript on purpose: it must run on any Node
// long enough to say which version is needed.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `steward needs Node.js >= 22.18 (this is ${process.versions.node}); install Node 24 LTS.\n`,
  );
  process.exit(2);
}
const { existsSync } = await import('node:fs');
// A source checkout runs the TypeScript directly; an installed package (no src/) runs the build.
const source = new URL('../src/cli/main.ts', import.meta.url);
const entry = existsSync(source) ? source : new URL('../dist/cli/main.js', import.meta.url);
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
