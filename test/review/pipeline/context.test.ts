import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadReviewContext } from '../../../src/review/context/load-context.ts';
import { systemPrompt } from '../../../src/review/run/review-prompts.ts';
import { makeWorkspace } from '../../support/run-cli.ts';

test('context files come after the rules and before any diff, in order, within the token cap', () => {
  const workspace = makeWorkspace({
    'docs/standards.md': 'Use bound parameters for every SQL query.',
    'docs/architecture.md': `Services talk through the queue.\n${'Every handler is idempotent. '.repeat(400)}`,
  });
  try {
    const context = loadReviewContext(
      { files: ['docs/standards.md', 'docs/architecture.md'], max_tokens: 300 },
      workspace.dir,
    );
    assert.ok(context.tokens <= 300, `${context.tokens} tokens`);
    assert.deepEqual(context.truncated, ['docs/architecture.md']);
    assert.match(context.text, /^### docs\/standards\.md\nUse bound parameters/);
    assert.match(context.text, /### docs\/architecture\.md\nServices talk through the queue\./);
    const system = systemPrompt(context.text);
    assert.ok(system.indexOf('You review code changes') < system.indexOf('Use bound parameters'));
  } finally {
    workspace.remove();
  }
});

test('a context file that cannot be read is a usage error naming the key and the file', () => {
  const workspace = makeWorkspace();
  try {
    assert.throws(
      () => loadReviewContext({ files: ['docs/missing.md'], max_tokens: 100 }, workspace.dir),
      /review\.context\.files: cannot read docs\/missing\.md \(ENOENT\)/,
    );
  } finally {
    workspace.remove();
  }
});
