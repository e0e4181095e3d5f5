/**
 * `kreach get`: list the simulated cluster's objects the way kubectl does, including what the
 * control plane would have derived (cluster IPs, NodePorts, EndpointSlices, workload pods).
 */
import { Command, Option } from 'commander';
import type { Cluster } from '../cluster/cluster.js';
import { parseSelector, matchesSelector } from '../model/labels.js';
import type { LabelSelector } from '../model/index.js';
import { renderName, renderObjects, renderTable } from '../output/get-render.js';
import { resolveResource, type GetResource } from '../output/kube-objects.js';
import { EXIT_FINDINGS, EXIT_INPUT_ERROR, EXIT_OK, UsageError } from './exit-codes.js';
import { addSourceOptions, loadFromOptions, type SourceOptions } from './source-options.js';

interface GetOptions extends SourceOptions {
  selector?: string;
  output: 'text' | 'wide' | 'json' | 'yaml' | 'name';
}

type Listed = { meta: { name: string; namespace: string; labels: Record<string, string> } };

export function getCommand(): Command {
  const command = new Command('get')
    .description('list services, endpointslices, pods, nodes or networkpolicies of the simulated cluster')
    .argument('<resource>', 'services|endpointslices|pods|nodes|networkpolicies (kubectl short names work)')
    .argument('[name]', 'one object by name')
    .option('-l, --selector <selector>', 'label selector, e.g. app=web,tier!=db')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'wide', 'json', 'yaml', 'name']).default('text'));
  return addSourceOptions(command).action(async (resourceText: string, name: string | undefined, options: GetOptions) => {
    process.exitCode = await runGet(resourceText, name, options);
  });
}

async function runGet(resourceText: string, name: string | undefined, options: GetOptions): Promise<number> {
  const resource = resolveResource(resourceText);
  if (!resource) {
    throw new UsageError(`unknown resource type "${resourceText}": use services, endpointslices, pods, nodes or networkpolicies`);
  }
  const selector = options.selector === undefined ? undefined : parseSelectorOption(options.selector);
  const { cluster, inputError } = await loadFromOptions(options);
  const namespace = options.allNamespaces ? undefined : (options.namespace ?? 'default');
  let objects: Listed[] = listResource(cluster, resource, namespace);
  if (selector) objects = objects.filter((o) => matchesSelector(selector, o.meta.labels));
  if (name !== undefined) objects = objects.filter((o) => o.meta.name === name);

  if (objects.length === 0) {
    if (name !== undefined) {
      process.stderr.write(`Error: ${resource} "${name}" not found${namespace && resource !== 'nodes' ? ` in namespace "${namespace}"` : ''}\n`);
      return inputError ? EXIT_INPUT_ERROR : EXIT_FINDINGS;
    }
    const where = resource === 'nodes' ? '' : namespace ? ` in ${namespace} namespace` : '';
    process.stderr.write(`No resources found${where}.\n`);
  } else {
    process.stdout.write(render(cluster, resource, objects, options, name !== undefined));
  }
  return inputError ? EXIT_INPUT_ERROR : EXIT_OK;
}

function parseSelectorOption(text: string): LabelSelector {
  try {
    return parseSelector(text);
  } catch (error) {
    throw new UsageError(`invalid selector "${text}": ${(error as Error).message}`);
  }
}

function listResource(cluster: Cluster, resource: GetResource, namespace: string | undefined): Listed[] {
  switch (resource) {
    case 'services':
      return cluster.services(namespace);
    case 'pods':
      return cluster.pods(namespace);
    case 'endpointslices':
      return cluster.endpointSlices(namespace);
    case 'nodes':
      return cluster.nodes();
    case 'networkpolicies':
      return cluster.networkPolicies(namespace);
  }
}

function render(cluster: Cluster, resource: GetResource, objects: Listed[], options: GetOptions, single: boolean): string {
  switch (options.output) {
    case 'name':
      return objects.map((o) => `${renderName(resource, o as never)}\n`).join('');
    case 'json':
    case 'yaml':
      return renderObjects(resource, objects as never, options.output, {
        single,
        context: { serviceUid: (ns, n) => cluster.service(ns, n)?.meta.uid },
      });
    default:
      return renderTable(resource, objects as never, {
        wide: options.output === 'wide',
        allNamespaces: options.allNamespaces === true,
        sliceLookup: (ns, n) => cluster.endpointSlicesFor(ns, n),
      });
  }
}
