/** The value of label `name`, only when the alert has it as its own (never `constructor` from Object's prototype). */
export function labelValue(labels: Readonly<Record<string, string>>, name: string): string | undefined {
  return Object.hasOwn(labels, name) ? labels[name] : undefined;
}
