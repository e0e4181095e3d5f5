/**
 * Target parsing as rows: what the user types → host, port, protocol, or the reason it is refused.
 */
import { describe, expect, it } from 'vitest';
import { formatTarget, parseTarget } from './target.js';

describe('parseTarget', () => {
  const good: Array<[string, string, number, string, 'name' | 'ip', 'explicit' | 'scheme']> = [
    ['http://svc-chroma:80', 'svc-chroma', 80, 'TCP', 'name', 'explicit'],
    ['http://svc-chroma', 'svc-chroma', 80, 'TCP', 'name', 'scheme'],
    ['https://svc-chroma/api/v1?x=1', 'svc-chroma', 443, 'TCP', 'name', 'scheme'],
    ['HTTP://Web.Shop:8080/path', 'Web.Shop', 8080, 'TCP', 'name', 'explicit'],
    ['svc-chroma:80', 'svc-chroma', 80, 'TCP', 'name', 'explicit'],
    ['svc-chroma.other-ns:80', 'svc-chroma.other-ns', 80, 'TCP', 'name', 'explicit'],
    ['svc-chroma.other-ns.svc.cluster.local.:8000', 'svc-chroma.other-ns.svc.cluster.local.', 8000, 'TCP', 'name', 'explicit'],
    ['10.1.2.3:8000', '10.1.2.3', 8000, 'TCP', 'ip', 'explicit'],
    ['tcp://10.1.2.3:5432', '10.1.2.3', 5432, 'TCP', 'ip', 'explicit'],
    ['udp://kube-dns.kube-system:53', 'kube-dns.kube-system', 53, 'UDP', 'name', 'explicit'],
    ['sctp://diameter:3868', 'diameter', 3868, 'SCTP', 'name', 'explicit'],
    ['[fd00::1]:80', 'fd00::1', 80, 'TCP', 'ip', 'explicit'],
    ['http://[FD00:0::1]', 'fd00::1', 80, 'TCP', 'ip', 'scheme'],
    ['http://user@web:8080', 'web', 8080, 'TCP', 'name', 'explicit'],
    ['_grpc.web:9000', '_grpc.web', 9000, 'TCP', 'name', 'explicit'],
  ];
  it.each(good)('%s → %s port %i %s', (text, host, port, protocol, hostKind, portFrom) => {
    const parsed = parseTarget(text);
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.target).toMatchObject({ host, port, protocol, hostKind, portFrom });
  });

  const bad: Array<[string, RegExp]> = [
    ['svc-chroma', /no port/],
    ['tcp://svc-chroma', /no port/],
    ['ftp://svc:21', /unknown scheme "ftp:\/\/"/],
    ['svc:0', /port "0" is not 1-65535/],
    ['svc:70000', /not 1-65535/],
    ['svc:http', /port "http"/],
    ['fd00::1:80', /brackets/],
    ['[fd00::1:80', /unclosed/],
    ['[web]:80', /not an IPv6 address/],
    ['bad..name:80', /empty label/],
    ['sp ace:80', /not a valid DNS label/],
    [':80', /no host/],
  ];
  it.each(bad)('%s is refused: %s', (text, message) => {
    const parsed = parseTarget(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it('writes a target back with another port, bracketing IPv6', () => {
    const web = parseTarget('http://svc-chroma:80');
    const v6 = parseTarget('[fd00::1]:53');
    if (!web.ok || !v6.ok) throw new Error('fixture targets must parse');
    expect(formatTarget(web.target, 8000)).toBe('http://svc-chroma:8000');
    expect(formatTarget(v6.target)).toBe('[fd00::1]:53');
  });
});
