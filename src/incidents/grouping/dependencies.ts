/**
 * Services linked by `incidents.dependencies` (service → services it depends on), in either direction
 * and transitively: each linked service gets the number of its component. A service named nowhere, or
 * alone, has none.
 */
export function dependencyComponents(
  dependencies: Readonly<Record<string, readonly string[]>>,
): Map<string, number> {
  const parent = new Map<string, string>();
  const find = (service: string): string => {
    let root = service;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = service;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const add = (service: string) => {
    if (!parent.has(service)) parent.set(service, service);
  };
  for (const [service, dependsOn] of Object.entries(dependencies)) {
    add(service);
    for (const dependency of dependsOn) {
      add(dependency);
      const a = find(service);
      const b = find(dependency);
      if (a !== b) parent.set(a, b);
    }
  }
  const sizes = new Map<string, number>();
  for (const service of parent.keys()) sizes.set(find(service), (sizes.get(find(service)) ?? 0) + 1);
  const numbers = new Map<string, number>();
  const components = new Map<string, number>();
  for (const service of parent.keys()) {
    const root = find(service);
    if ((sizes.get(root) ?? 0) < 2) continue;
    if (!numbers.has(root)) numbers.set(root, numbers.size);
    components.set(service, numbers.get(root)!);
  }
  return components;
}
