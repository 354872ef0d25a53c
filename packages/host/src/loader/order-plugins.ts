import { hostError, type HostError } from '../errors.js';

/** A plugin as ordering sees it. */
export interface OrderNode {
  id: string;
  dependsOn: string[];
}

/** The outcome of {@link orderPlugins}: an init order, and the plugins that cannot start. */
export interface OrderResult {
  order: string[];
  failures: Map<string, HostError>;
}

/**
 * Orders plugins so each comes after what it depends on (configuration order otherwise). A
 * dependency that is not among `nodes` fails its dependent (`failedIds` names the ones that were
 * configured but failed earlier); a cycle fails every member, naming the cycle; dependents of a
 * failed plugin fail with the reason.
 */
export function orderPlugins(nodes: OrderNode[], failedIds: ReadonlyMap<string, string> = new Map()): OrderResult {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const failures = new Map<string, HostError>();
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];

  const failWithDependency = (id: string, dependency: string) => {
    const reason = failures.get(dependency)?.message ?? failedIds.get(dependency) ?? `plugin '${dependency}' failed`;
    failures.set(id, hostError('STRATOS_ERR_PLUGIN_DEPENDENCY_FAILED', { pluginId: id, dependency, reason }));
  };

  const visit = (node: OrderNode): void => {
    state.set(node.id, 'visiting');
    stack.push(node.id);
    for (const dependency of node.dependsOn) {
      const target = byId.get(dependency);
      if (!target) {
        if (failedIds.has(dependency)) failWithDependency(node.id, dependency);
        else if (!failures.has(node.id)) {
          failures.set(node.id, hostError('STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING', { pluginId: node.id, dependency }));
        }
        continue;
      }
      if (state.get(dependency) === 'visiting') {
        const members = stack.slice(stack.indexOf(dependency));
        const cycle = [...members, dependency].map((m) => `'${m}'`).join(' -> ');
        for (const member of members) {
          failures.set(member, hostError('STRATOS_ERR_PLUGIN_DEPENDENCY_CYCLE', { pluginId: member, cycle }));
        }
        continue;
      }
      if (!state.has(dependency)) visit(target);
      if (failures.has(dependency) && !failures.has(node.id)) failWithDependency(node.id, dependency);
    }
    stack.pop();
    state.set(node.id, 'done');
    order.push(node.id);
  };

  for (const node of nodes) if (!state.has(node.id)) visit(node);
  return { order: order.filter((id) => !failures.has(id)), failures };
}
