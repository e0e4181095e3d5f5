/**
 * Corefile → DnsConfig against the kubeadm Corefile (kubernetes cmd/kubeadm/app/phases/addons/dns/
 * manifests.go, rendered with cluster.local) and variants: plugin defaults when directives are
 * absent (dns.md §0), zones from arguments or server block keys, option errors with line numbers,
 * and the --corefile > ConfigMap > kubeadm precedence.
 */
import { describe, expect, it } from 'vitest';
import { kubeadmProfile, type DnsConfig } from './config.js';
import { lexCorefile, parseCorefileBlocks } from './corefile-lex.js';
import { dnsConfigFromSources, parseCorefile, pluginDefaults } from './corefile.js';
import { reverseZones } from './corefile-zones.js';

/** kubeadm's CoreDNSConfigMap Corefile (dns.md §0), as a cluster with the default domain has it. */
const KUBEADM = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

/** The kubeadm Corefile of Kubernetes 1.11-1.13 (manifests.go history): `upstream` is gone since. */
const KUBEADM_OLD = `.:53 {
    errors
    health
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       upstream
       fallthrough in-addr.arpa ip6.arpa
    }
    prometheus :9153
    proxy . /etc/resolv.conf
    cache 30
    loop
    reload
    loadbalance
}
`;

const defaults = (zones: string[], tweak: (c: DnsConfig) => void = () => {}): DnsConfig => {
  const c = pluginDefaults(zones);
  tweak(c);
  return c;
};

const codes = (text: string) => parseCorefile(text).findings.map((f) => `${f.severity}:${f.code}`);

describe('parseCorefile: configurations', () => {
  const rows: Array<{ name: string; text: string; want: DnsConfig }> = [
    { name: 'kubeadm Corefile = kubeadm profile', text: KUBEADM, want: kubeadmProfile() },
    {
      name: 'kubeadm with another cluster domain and a stub-domain server block',
      text: KUBEADM.replace('cluster.local in-addr', 'k8s.example.com in-addr') + 'corp.example:53 {\n  forward . 10.0.0.53\n}\n',
      want: kubeadmProfile('k8s.example.com'),
    },
    {
      name: 'bare plugin: zones from the server block key, plugin defaults ttl 5 / pods disabled (dns.md §0)',
      text: 'cluster.local:53 {\n  kubernetes\n}\n',
      want: defaults(['cluster.local']),
    },
    {
      name: 'several keys with transport, port and a CIDR; comma-separated',
      text: 'dns://cluster.local:53, 10.0.0.0/24:53 {\n  kubernetes\n}\n',
      want: defaults(['cluster.local', '0.0.10.in-addr.arpa']),
    },
    {
      name: 'zone arguments win over keys; upper case and trailing dots normalised',
      text: '.:53 {\n  kubernetes Cluster.Local. {\n    ttl 0\n  }\n}\n',
      want: defaults(['cluster.local'], (c) => (c.ttl = 0)),
    },
    {
      name: 'every answer-changing option',
      text: `.:53 {
  kubernetes cluster.local {
    pods verified
    endpoint_pod_names
    namespaces app  db
    namespaces app web
    ignore empty_service
    noendpoints
    fallthrough
    ttl 3600
  }
}`,
      want: defaults(['cluster.local'], (c) => {
        Object.assign(c, { pods: 'verified', endpointPodNames: true, namespaces: ['app', 'db', 'web'] });
        Object.assign(c, { ignoreEmptyService: true, noEndpoints: true, fallthrough: [], ttl: 3600 });
      }),
    },
    {
      name: 'comments, quoted tokens, a commented-out option, a block on one line',
      text: `# cluster DNS
.:53 {   # main server
  health { lameduck 5s }
  kubernetes "cluster.local" in-addr.arpa {   # zones
    # pods verified
    pods "insecure"
  }
}`,
      want: defaults(['cluster.local', 'in-addr.arpa'], (c) => (c.pods = 'insecure')),
    },
    {
      name: 'a lone server block without braces (caddyfile parse.go)',
      text: 'cluster.local\nkubernetes\nforward . 8.8.8.8\n',
      want: defaults(['cluster.local']),
    },
    {
      name: 'kubernetes in two server blocks: zones merged, options of the first',
      text: 'cluster.local:53 {\n  kubernetes {\n    ttl 30\n  }\n}\nclusterset.local:53 {\n  kubernetes {\n    ttl 30\n  }\n}\n',
      want: defaults(['cluster.local', 'clusterset.local'], (c) => (c.ttl = 30)),
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const result = parseCorefile(row.text);
      expect(result.config).toEqual(row.want);
      expect(result.findings).toEqual([]);
      expect(result.found).toBe(true);
    });
  }
});

describe('parseCorefile: findings', () => {
  const rows: Array<{ name: string; text: string; want: string[]; config?: Partial<DnsConfig> }> = [
    {
      name: 'ttl out of range keeps the default, error with the line (setup.go "ttl must be in range [0, 3600]")',
      text: '.:53 {\n  kubernetes cluster.local {\n    ttl 4000\n  }\n}',
      want: ['error:corefile-option-invalid'],
      config: { ttl: 5 },
    },
    { name: 'ttl not a number', text: '.:53 {\n kubernetes cluster.local {\n  ttl 30s\n }\n}', want: ['error:corefile-option-invalid'] },
    { name: 'pods with a wrong mode', text: '.:53 {\n kubernetes cluster.local {\n  pods on\n }\n}', want: ['error:corefile-option-invalid'], config: { pods: 'disabled' } },
    { name: 'endpoint_pod_names with an argument', text: '.:53 {\n kubernetes cluster.local {\n  endpoint_pod_names yes\n }\n}', want: ['error:corefile-option-invalid'] },
    { name: 'ignore with a value other than empty_service', text: '.:53 {\n kubernetes cluster.local {\n  ignore emptyservice\n }\n}', want: ['error:corefile-option-invalid'] },
    { name: 'bare ignore does nothing (setup.go falls out of the switch)', text: '.:53 {\n kubernetes cluster.local {\n  ignore\n }\n}', want: ['warning:corefile-option-unknown'] },
    {
      name: 'options kreach does not simulate are info, not errors',
      text: `.:53 {
  kubernetes cluster.local {
    kubeconfig /etc/kube.conf ctx
    endpoint https://10.0.0.1:6443
    tls cert key ca
    labels app=web
    startup_timeout 10s
    multicluster clusterset.local
    apiserver_qps 50
  }
}`,
      want: Array(7).fill('info:corefile-option-ignored'),
    },
    {
      name: 'namespaces together with namespace_labels',
      text: '.:53 {\n kubernetes cluster.local {\n  namespaces a\n  namespace_labels team=x\n }\n}',
      want: ['info:corefile-option-ignored', 'error:corefile-option-invalid'],
    },
    { name: 'old kubeadm Corefile: upstream was removed from the plugin', text: KUBEADM_OLD, want: ['warning:corefile-option-unknown'], config: { ttl: 5, pods: 'insecure' } },
    { name: 'a typo is an unknown property', text: '.:53 {\n kubernetes cluster.local {\n  pod insecure\n }\n}', want: ['warning:corefile-option-unknown'] },
    { name: 'no kubernetes plugin at all', text: '.:53 {\n  forward . 8.8.8.8\n}', want: ['warning:corefile-no-kubernetes'], config: { zones: [] } },
    { name: 'kubernetes twice in one block', text: '.:53 {\n kubernetes cluster.local\n kubernetes other.local\n}', want: ['error:corefile-kubernetes-repeated'], config: { zones: ['cluster.local'] } },
    {
      name: 'second block with different options',
      text: 'a.local:53 {\n kubernetes\n}\nb.local:53 {\n kubernetes {\n  ttl 30\n }\n}',
      want: ['warning:corefile-kubernetes-differs'],
      config: { zones: ['a.local', 'b.local'], ttl: 5 },
    },
    { name: 'only reverse zones ("non-reverse zone name must be used")', text: '.:53 {\n kubernetes in-addr.arpa\n}', want: ['error:corefile-no-forward-zone'], config: { zones: ['cluster.local', 'in-addr.arpa'] } },
    { name: 'bare plugin in a root block', text: '.:53 {\n kubernetes\n}', want: ['warning:corefile-root-zone', 'error:corefile-no-forward-zone'], config: { zones: ['cluster.local'] } },
    { name: 'an invalid zone argument is dropped', text: '.:53 {\n kubernetes cluster.local 10.0.0.0/33\n}', want: ['warning:corefile-zone-invalid'], config: { zones: ['cluster.local'] } },
    { name: 'unclosed brace', text: '.:53 {\n kubernetes cluster.local {\n  ttl 30\n}', want: ['error:corefile-syntax'], config: { ttl: 30 } },
    { name: 'stray closing brace', text: '.:53 {\n kubernetes cluster.local\n}\n}', want: ['error:corefile-syntax'] },
    { name: 'import is not followed', text: '(common) {\n errors\n}\n.:53 {\n import common\n kubernetes cluster.local\n}', want: ['info:corefile-import-ignored'] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const result = parseCorefile(row.text);
      expect(codes(row.text)).toEqual(row.want);
      if (row.config) expect(result.config).toMatchObject(row.config);
    });
  }

  it('errors carry the Corefile line, and the file position when known', () => {
    const text = '.:53 {\n  kubernetes cluster.local {\n    pods insecure\n    ttl -1\n  }\n}';
    const [f] = parseCorefile(text, { file: 'coredns.yaml', docIndex: 2, lineOffset: 7, object: 'ConfigMap kube-system/coredns' }).findings;
    expect(f?.message).toMatch(/^Corefile line 4: kubernetes option ttl: ttl must be in range \[0, 3600\]: -1/);
    expect(f?.source).toEqual({ file: 'coredns.yaml', docIndex: 2, line: 11, col: 5 });
    expect(f?.object).toBe('ConfigMap kube-system/coredns');
  });
});

describe('reverse zones of CIDRs (coredns plugin/normalize.go, cidr.Split at octet/nibble boundaries)', () => {
  const rows: Array<[string, string[] | number]> = [
    ['10.0.0.0/24', ['0.0.10.in-addr.arpa']],
    ['10.0.0.0/8', ['10.in-addr.arpa']],
    ['10.96.0.0/12', 16],
    ['10.0.0.0/17', 128],
    ['192.168.1.0/25', 128],
    ['fd00:10:96::/112', ['0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa']],
    ['fd00::/14', ['0.0.d.f.ip6.arpa', '1.0.d.f.ip6.arpa', '2.0.d.f.ip6.arpa', '3.0.d.f.ip6.arpa']],
  ];
  for (const [cidr, want] of rows) {
    it(cidr, () => {
      const result = reverseZones(cidr);
      if (!('zones' in result)) throw new Error(result.error);
      if (typeof want === 'number') expect(result.zones).toHaveLength(want);
      else expect(result.zones).toEqual(want);
    });
  }
  it('10.96.0.0/12 covers 96..111 under 10', () => {
    const result = reverseZones('10.96.0.0/12');
    expect('zones' in result && [result.zones[0], result.zones[15]]).toEqual(['96.10.in-addr.arpa', '111.10.in-addr.arpa']);
  });
});

describe('Corefile lexer', () => {
  it('keeps positions, reads quotes with \\" escapes, and starts comments only at a token start', () => {
    const tokens = lexCorefile('a "b \\"c\\"" d#e # f\n  g');
    expect(tokens.map((t) => [t.text, t.line, t.col, t.quoted])).toEqual([
      ['a', 1, 1, false],
      ['b "c"', 1, 3, true],
      ['d#e', 1, 13, false],
      ['g', 2, 3, false],
    ]);
  });
  it('nests blocks inside directive blocks', () => {
    const { blocks, problems } = parseCorefileBlocks(KUBEADM);
    expect(problems).toEqual([]);
    const names = blocks[0]?.directives.map((d) => `${d.name.text}${d.block ? `{${d.block.length}}` : ''}`);
    expect(names).toEqual(['errors', 'health{1}', 'ready', 'kubernetes{3}', 'prometheus', 'forward{1}', 'cache', 'loop', 'reload', 'loadbalance']);
  });
});

describe('dnsConfigFromSources: --corefile > ConfigMap kube-system/coredns > kubeadm, flags on top', () => {
  const custom = 'cluster.local:53 {\n  kubernetes\n}\n';
  const rows: Array<{ name: string; sources: Parameters<typeof dnsConfigFromSources>[0]; source: string; want: Partial<DnsConfig>; findings?: string[] }> = [
    { name: 'nothing given: kubeadm profile', sources: { flags: {} }, source: 'kubeadm-default', want: kubeadmProfile() },
    { name: 'the cluster ConfigMap', sources: { corefileFromCluster: custom, flags: {} }, source: 'cluster-configmap', want: defaults(['cluster.local']) },
    {
      name: '--corefile wins over the ConfigMap, with a note',
      sources: { corefile: custom, corefilePath: 'Corefile', corefileFromCluster: KUBEADM, flags: {} },
      source: 'corefile-flag',
      want: { ttl: 5, pods: 'disabled' },
      findings: ['info:dns-config-source'],
    },
    {
      name: 'flags override the kubeadm profile; --zone replaces the cluster zone',
      sources: { flags: { zone: 'corp.local', ttl: 5, pods: 'disabled', endpointPodNames: true } },
      source: 'kubeadm-default',
      want: { zones: ['corp.local', 'in-addr.arpa', 'ip6.arpa'], ttl: 5, pods: 'disabled', endpointPodNames: true },
    },
    {
      name: 'flags override a Corefile',
      sources: { corefileFromCluster: KUBEADM, flags: { zone: 'Corp.Local.', pods: 'verified' } },
      source: 'cluster-configmap',
      want: { zones: ['corp.local', 'in-addr.arpa', 'ip6.arpa'], ttl: 30, pods: 'verified' },
    },
    {
      name: 'invalid flags are reported and ignored',
      sources: { flags: { zone: 'in-addr.arpa', ttl: 3601, pods: 'yes' } },
      source: 'kubeadm-default',
      want: kubeadmProfile(),
      findings: ['error:dns-flag-invalid', 'error:dns-flag-invalid', 'error:dns-flag-invalid'],
    },
    {
      name: 'ConfigMap findings name the object',
      sources: { corefileFromCluster: '.:53 {\n kubernetes cluster.local {\n  ttl x\n }\n}', flags: {} },
      source: 'cluster-configmap',
      want: { ttl: 5 },
      findings: ['error:corefile-option-invalid'],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const result = dnsConfigFromSources(row.sources);
      expect(result.source).toBe(row.source);
      expect(result.config).toMatchObject(row.want);
      expect(result.findings.map((f) => `${f.severity}:${f.code}`)).toEqual(row.findings ?? []);
    });
  }
});
