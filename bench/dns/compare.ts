/**
 * kreach's answers against NSD's for the same questions. A reply is reduced to its rcode, its AA bit
 * and its sections as sorted record lines (names lower-cased, the SOA serial masked: it is the Unix
 * time of the last change, so two processes differ). Truncated UDP replies are asked again over TCP.
 * The answer section decides "identical"; authority and additional are compared and counted apart,
 * since NSD adds the zone's NS set to positive answers where CoreDNS adds nothing.
 */
import type dnsPacket from 'dns-packet';
import { askTcp, UdpClient, type Reply } from './client.js';

export interface Comparison {
  asked: number;
  /** Same rcode, AA bit and answer section. */
  identical: number;
  /** Of the identical ones, how many also match in authority and additional. */
  fullyIdentical: number;
  unanswered: number;
  /** A few differing questions, each with both answers. */
  examples: string[];
  /** Differences by kind: `rcode`, `answer`, `authority`, `additional`, `aa`. */
  byKind: Record<string, number>;
}

function lines(records: readonly dnsPacket.Answer[] | undefined): string[] {
  return (records ?? [])
    .filter((rr) => rr.type !== 'OPT')
    .map((rr) => {
      const data = (rr as { data?: unknown }).data;
      let text: string;
      if (rr.type === 'SOA') {
        const d = data as dnsPacket.SoaData;
        text = `${d.mname} ${d.rname} <serial> ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
      } else if (rr.type === 'SRV') {
        const d = data as dnsPacket.SrvData;
        text = `${d.priority ?? 0} ${d.weight ?? 0} ${d.port} ${d.target.toLowerCase()}`;
      } else if (rr.type === 'TXT') {
        text = JSON.stringify((Array.isArray(data) ? data : [data]).map(String));
      } else {
        text = String(data).toLowerCase();
      }
      return `${rr.name.toLowerCase()} ${(rr as { ttl?: number }).ttl ?? 0} ${rr.type} ${text}`;
    })
    .sort();
}

interface Shape {
  rcode: string;
  aa: boolean;
  answer: string[];
  authority: string[];
  additional: string[];
}

function shapeOf(reply: Reply): Shape {
  return { rcode: reply.rcode ?? '?', aa: reply.flag_aa, answer: lines(reply.answers), authority: lines(reply.authorities), additional: lines(reply.additionals) };
}

async function full(udp: UdpClient, port: number, name: string, type: string): Promise<Reply | undefined> {
  const reply = await udp.ask(name, type);
  if (reply?.flag_tc) return askTcp(port, name, type);
  return reply;
}

export async function compareServers(kreachPort: number, nsdPort: number, questions: ReadonlyArray<{ name: string; type: string }>): Promise<Comparison> {
  const ours = new UdpClient(kreachPort);
  const theirs = new UdpClient(nsdPort);
  const result: Comparison = { asked: 0, identical: 0, fullyIdentical: 0, unanswered: 0, examples: [], byKind: {} };
  try {
    // A few dozen in flight at a time: fast, and far below either server's capacity.
    for (let i = 0; i < questions.length; i += 32) {
      const batch = questions.slice(i, i + 32);
      const replies = await Promise.all(batch.map(async (q) => [await full(ours, kreachPort, q.name, q.type), await full(theirs, nsdPort, q.name, q.type)] as const));
      batch.forEach((q, j) => {
        const [a, b] = replies[j] ?? [];
        result.asked++;
        if (!a || !b) {
          result.unanswered++;
          return;
        }
        const x = shapeOf(a);
        const y = shapeOf(b);
        const kinds: string[] = [];
        if (x.rcode !== y.rcode) kinds.push('rcode');
        if (x.aa !== y.aa) kinds.push('aa');
        if (x.answer.join('\n') !== y.answer.join('\n')) kinds.push('answer');
        const core = kinds.length === 0;
        if (x.authority.join('\n') !== y.authority.join('\n')) kinds.push('authority');
        if (x.additional.join('\n') !== y.additional.join('\n')) kinds.push('additional');
        if (core) result.identical++;
        if (kinds.length === 0) result.fullyIdentical++;
        for (const kind of kinds) result.byKind[kind] = (result.byKind[kind] ?? 0) + 1;
        const firstOfKind = kinds.some((k) => result.byKind[k] === 1);
        if (kinds.length > 0 && firstOfKind && result.examples.length < 8) {
          const show = (s: Shape) => `${s.rcode}${s.aa ? ' aa' : ''} | ${s.answer.join(' ; ')} | auth: ${s.authority.join(' ; ')} | add: ${s.additional.join(' ; ')}`;
          result.examples.push(`${q.name} ${q.type} [${kinds.join(',')}]\n    kreach: ${show(x)}\n    nsd:    ${show(y)}`);
        }
      });
    }
  } finally {
    ours.close();
    theirs.close();
  }
  return result;
}
