import type { ReportingDescriptor } from 'sarif';
import { type Category, categories } from '../finding.ts';

const descriptions: Record<Category, { name: string; short: string; full: string }> = {
  security: {
    name: 'SecurityIssue',
    short: 'A security problem in changed lines',
    full: 'Steward found a change that may let an attacker read, change or run something they should not: injection, broken authentication or authorisation, unsafe handling of secrets or input.',
  },
  bug: {
    name: 'Bug',
    short: 'A likely bug in changed lines',
    full: 'Steward found a change that probably does not do what it intends: wrong logic, unhandled cases, misuse of an API, or an error that is lost.',
  },
  performance: {
    name: 'PerformanceIssue',
    short: 'A performance problem in changed lines',
    full: 'Steward found a change that does needless or unbounded work: repeated queries, quadratic loops, blocking calls or unbounded memory.',
  },
  maintainability: {
    name: 'MaintainabilityIssue',
    short: 'A change that will be hard to maintain',
    full: 'Steward found a change that will make the code harder to understand or change safely: duplication, unclear names, hidden coupling or dead code.',
  },
  style: {
    name: 'StyleIssue',
    short: "A departure from the project's style",
    full: "Steward found a change that departs from the project's coding standards or the conventions of the surrounding code.",
  },
  test: {
    name: 'TestIssue',
    short: 'A testing gap in changed lines',
    full: 'Steward found a change whose tests are missing, wrong or weak: untested branches, assertions that cannot fail, or tests that depend on timing or order.',
  },
};

/** The SARIF rule id of a category: `steward/security`. Stable across runs, as code scanning requires. */
export function sarifRuleId(category: Category): string {
  return `steward/${category}`;
}

/** One rule per finding category, in the order of `categories` (so a result's `ruleIndex` is its category's index). */
export function sarifRules(): ReportingDescriptor[] {
  return categories.map((category) => {
    const description = descriptions[category];
    return {
      id: sarifRuleId(category),
      name: description.name,
      shortDescription: { text: description.short },
      fullDescription: { text: description.full },
      help: {
        text: `${description.full} Each result says what is wrong and why; a suggested fix is attached when it is mechanical. The result's properties give Steward's severity and confidence.`,
      },
      defaultConfiguration: { level: 'warning' },
      properties: { tags: category === 'security' ? ['steward', 'security'] : ['steward', category] },
    };
  });
}
