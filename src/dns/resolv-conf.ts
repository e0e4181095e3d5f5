/**
 * The `/etc/resolv.conf` kubelet gives a pod (dns.md §15): nameservers, search list and options
 * from `dnsPolicy` (ClusterFirst, ClusterFirstWithHostNet, Default, None), the node's resolv.conf,
 * `spec.dnsConfig` merged on top, then kubelet's limits (3 nameservers; 32 search domains and 2048
 * characters, entries over 253 characters dropped). `notes` say what kubelet would log or record
 * as events, and which assumptions kreach made.
 *
 * @see kubernetes/kubernetes `pkg/kubelet/network/dns/dns.go` (`GetPodDNS`, `getPodDNSType`,
 *   `appendDNSConfig`, `mergeDNSOptions`, `formDNSSearchFitsLimits`, `parseResolvConf`) and
 *   `pkg/apis/core/validation` (`MaxDNSNameservers`, `MaxDNSSearchPathsExpanded`).
 */
import type { Pod } from '../model/index.js';

/** An option value as written: `ndots:5` → 5, `timeout:2` → '2', a bare flag (`rotate`) → true. */
export type ResolvOptionValue = number | string | true;

export interface ResolvConf {
  nameservers: string[];
  /** Search domains in order, as written (kubelet strips a trailing dot from the node's). */
  search: string[];
  /** Options by name; `ndots` is always set: 1, the libc default, when the file does not say. */
  options: { ndots: number; [name: string]: ResolvOptionValue };
  /** The file has no `ndots` option; `options.ndots` is libc's default. */
  ndotsDefaulted?: true;
}

export interface ResolvConfCluster {
  /** kubelet `--cluster-domain` (`cluster.local`); empty means none configured. */
  clusterDomain: string;
  /** kubelet `--cluster-dns`: the kube-dns Service's ClusterIP; empty means none configured. */
  nameserver: string;
  /** The node's resolv.conf (kubelet `--resolv-conf`). @default DEFAULT_NODE_RESOLV_CONF */
  nodeResolvConf?: ResolvConf;
}

/** kubelet's limits: validation.MaxDNSNameservers, MaxDNSSearchPathsExpanded, MaxDNSSearchListCharsExpanded. */
export const KUBELET_DNS_LIMITS = { nameservers: 3, searchPaths: 32, searchChars: 2048, searchPathLength: 253 } as const;

/**
 * The node resolv.conf assumed when none is given: one upstream resolver (192.0.2.53, a
 * documentation address standing for the node's real one), no search domains, no options.
 */
export const DEFAULT_NODE_RESOLV_CONF: ResolvConf = {
  nameservers: ['192.0.2.53'],
  search: [],
  options: { ndots: 1 },
  ndotsDefaulted: true,
};

/** Note texts; kubelet's own event and log texts where it has them (dns.go). */
const NOTES = {
  defaultNode: () =>
    'the node resolv.conf was not given: assuming "nameserver 192.0.2.53" (a stand-in for the node\'s resolver), no search domains, no options',
  missingClusterDns: () =>
    'kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy. (event MissingClusterDNS)',
  hostNetworkFallback: () =>
    "dnsPolicy ClusterFirst on a hostNetwork pod falls back to Default (the node's resolv.conf): Service names do not resolve; use ClusterFirstWithHostNet",
  invalidPolicy: (policy: string) => `invalid dnsPolicy "${policy}": kubelet falls back to ClusterFirst`,
  noneWithoutNameserver: () =>
    'dnsPolicy None without spec.dnsConfig.nameservers: the API server rejects this pod (at least one nameserver is required)',
  nameservers: (applied: string[]) =>
    `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${applied.join(' ')}`,
  search: (applied: string[]) =>
    `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${applied.join(' ')}`,
  muslLine: (length: number) =>
    `the search line is ${length} characters: musl (Alpine images) skips resolv.conf lines that do not fit its 256-byte buffer, so it uses no search domains`,
} as const;

/** The pod's DNS type in kubelet's terms (`podDNSCluster`, `podDNSHost`, `podDNSNone`). */
export type PodDnsType = 'cluster' | 'host' | 'none';

/** The pod's resolv.conf, as kubelet builds it; `notes` explain fallbacks, truncation and assumptions. */
export function buildResolvConf(pod: Pod, cluster: ResolvConfCluster): { conf: ResolvConf; type: PodDnsType; notes: string[] } {
  const notes: string[] = [];
  let type = podDnsType(pod, notes);
  const node = cluster.nodeResolvConf ?? DEFAULT_NODE_RESOLV_CONF;
  if (!cluster.nodeResolvConf && type !== 'none') {
    notes.push(NOTES.defaultNode());
  }
  if (type === 'cluster' && !cluster.nameserver) {
    // GetPodDNS: event MissingClusterDNS, then fallthrough to DNSDefault.
    notes.push(NOTES.missingClusterDns());
    type = 'host';
  }
  let conf: ResolvConf;
  if (type === 'none') conf = { nameservers: [], search: [], options: { ndots: 1 }, ndotsDefaulted: true };
  else if (type === 'host') conf = copy(node);
  else {
    const zone = cluster.clusterDomain;
    // generateSearchesForDNSClusterFirst: the three cluster domains, then the node's, deduplicated.
    const search = zone ? [`${pod.meta.namespace}.svc.${zone}`, `svc.${zone}`, zone, ...node.search] : node.search;
    // The node's options are dropped: only kubelet's defaultDNSOptions ("ndots:5").
    conf = { nameservers: [cluster.nameserver], search: unique(search), options: { ndots: 5 } };
  }
  if (pod.dnsConfig) mergeDnsConfig(conf, pod.dnsConfig);
  if (type === 'none' && conf.nameservers.length === 0) {
    notes.push(NOTES.noneWithoutNameserver());
  }
  fitLimits(conf, notes);
  if (muslSkipsSearchLine(conf)) {
    notes.push(NOTES.muslLine(searchLine(conf).length));
  }
  return { conf, type, notes };
}

/** getPodDNSType: ClusterFirst on a hostNetwork pod falls back to Default; unknown policies act as ClusterFirst. */
function podDnsType(pod: Pod, notes: string[]): PodDnsType {
  switch (pod.dnsPolicy) {
    case 'None':
      return 'none';
    case 'ClusterFirstWithHostNet':
      return 'cluster';
    case 'ClusterFirst':
      if (!pod.hostNetwork) return 'cluster';
      notes.push(NOTES.hostNetworkFallback());
      return 'host';
    case 'Default':
      return 'host';
    default:
      notes.push(NOTES.invalidPolicy(pod.dnsPolicy));
      return 'cluster';
  }
}

/**
 * appendDNSConfig: nameservers and searches appended without duplicates, options merged by name.
 * kubelet rebuilds merged options from a Go map, so their order in the file is arbitrary; kreach
 * keeps first-seen order.
 */
function mergeDnsConfig(conf: ResolvConf, extra: NonNullable<Pod['dnsConfig']>): void {
  conf.nameservers = unique([...conf.nameservers, ...(extra.nameservers ?? [])]);
  conf.search = unique([...conf.search, ...(extra.searches ?? [])]);
  for (const { name, value } of extra.options ?? []) {
    // mergeDNSOptions: an absent or empty value writes the bare name.
    setOption(conf, name, value === undefined || value === '' ? undefined : value);
  }
}

/** Record one option; `ndots` is read as libc does (leading digits; glibc's atoi gives 0 otherwise). */
function setOption(conf: ResolvConf, name: string, value: string | undefined): void {
  if (name === 'ndots') {
    // A bare `ndots` does not match libc's `ndots:` prefix and changes nothing.
    if (value === undefined) return;
    conf.options.ndots = Number(/^\d+/.exec(value)?.[0] ?? 0);
    delete conf.ndotsDefaulted;
    return;
  }
  conf.options[name] = value ?? true;
}

/** formDNSConfigFitsLimits, with kubelet's event texts. */
function fitLimits(conf: ResolvConf, notes: string[]): void {
  const L = KUBELET_DNS_LIMITS;
  if (conf.nameservers.length > L.nameservers) {
    conf.nameservers = conf.nameservers.slice(0, L.nameservers);
    notes.push(NOTES.nameservers(conf.nameservers));
  }
  let search = conf.search.slice(0, L.searchPaths);
  let exceeded = conf.search.length > L.searchPaths;
  // glibc 2.28 aborts on a search path over 255 characters, so kubelet drops them.
  const fitting = search.filter((s) => s.length <= L.searchPathLength);
  exceeded ||= fitting.length < search.length;
  search = fitting;
  while (search.join(' ').length > L.searchChars) {
    search = search.slice(0, -1);
    exceeded = true;
  }
  if (exceeded) {
    notes.push(NOTES.search(search));
  }
  conf.search = search;
}

/** The file text, laid out as containerd writes it: search, nameserver lines, options. */
export function formatResolvConf(conf: ResolvConf): string {
  const lines: string[] = [];
  if (conf.search.length > 0) lines.push(searchLine(conf));
  for (const ns of conf.nameservers) lines.push(`nameserver ${ns}`);
  const options = Object.entries(conf.options)
    .filter(([name]) => !(name === 'ndots' && conf.ndotsDefaulted))
    .map(([name, value]) => (value === true ? name : `${name}:${value}`));
  if (options.length > 0) lines.push(`options ${options.join(' ')}`);
  return lines.map((l) => `${l}\n`).join('');
}

function searchLine(conf: ResolvConf): string {
  return `search ${conf.search.join(' ')}`;
}

/** musl reads resolv.conf with `fgets` into 256 bytes and skips a line that does not fit (resolvconf.c). */
export function muslSkipsSearchLine(conf: ResolvConf): boolean {
  return conf.search.length > 0 && searchLine(conf).length + 1 > 255;
}

/**
 * Read a resolv.conf as kubelet does (`parseResolvConf`): nameserver lines accumulate, the last
 * `search` and the last `options` line win, trailing dots of search domains are dropped, `#`
 * comments skipped. Other lines (`domain`, `sortlist`) are ignored, as kubelet ignores them.
 */
export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], options: { ndots: 1 }, ndotsDefaulted: true };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#')) continue;
    const [key, ...fields] = line.split(/\s+/);
    if (key === 'nameserver' && fields[0]) conf.nameservers.push(fields[0]);
    if (key === 'search') conf.search = fields.map((s) => s.replace(/\.$/, ''));
    if (key === 'options') {
      conf.options = { ndots: 1 };
      conf.ndotsDefaulted = true;
      for (const field of fields) {
        const colon = field.indexOf(':');
        setOption(conf, colon < 0 ? field : field.slice(0, colon), colon < 0 ? undefined : field.slice(colon + 1));
      }
    }
  }
  return conf;
}

function copy(conf: ResolvConf): ResolvConf {
  return { ...conf, nameservers: [...conf.nameservers], search: [...conf.search], options: { ...conf.options } };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
