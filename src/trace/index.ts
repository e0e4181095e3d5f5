/**
 * Step-by-step reachability (`kreach trace`) as a library: parse a target, name a client, run
 * `trace(cluster, dnsEngine, input)`, then render the plain-data Trace as text or JSON
 * (docs/trace-json.md describes the JSON).
 */
export { trace } from './trace.js';
export { parseTarget, formatTarget, type ParsedTarget, type Scheme, type Target } from './target.js';
export { clientFromIp, describeClient } from './client.js';
export { renderTraceJson, renderTraceText, type TextOptions } from './render.js';
export type {
  AnswerInfo,
  AnswerKind,
  ClientInfo,
  ConfirmCommand,
  DirectionInfo,
  DnsPath,
  EndpointTrace,
  Fix,
  ListenerInfo,
  PolicyInfo,
  ResolutionInfo,
  RouteInfo,
  ServiceInfo,
  Step,
  StepId,
  StepVerdict,
  Symptom,
  Trace,
  TraceClient,
  TraceInput,
  VerdictInfo,
} from './types.js';
