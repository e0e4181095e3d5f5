/**
 * What can go wrong when kreach reads a live cluster, as errors a user can act on: each carries a
 * `code` tests match and a message that says what to do (log in again, grant a verb, pass -f). The
 * message texts live here, in one place; the CLI prints them without a stack trace and exits 2.
 */

export type LiveErrorCode =
  /** No kubeconfig file and not running in a pod: the user must pass -f or configure kubectl. */
  | 'no-kubeconfig'
  /** A kubeconfig exists but cannot be used (bad YAML, missing context or cluster). */
  | 'kubeconfig'
  /** The API server could not be reached (refused, unresolvable, timed out, dropped). */
  | 'unreachable'
  /** TLS failed: the server certificate is not trusted or does not match. */
  | 'tls'
  /** 401: the credentials were rejected (often: they expired). */
  | 'unauthorized'
  /** 403: RBAC does not grant the verb on the resource. */
  | 'forbidden'
  /** 404: the server does not serve the resource (an old API version). */
  | 'not-found'
  /** 410: the resourceVersion or continue token is too old; relist. */
  | 'gone'
  /** Any other answer from the server (5xx, unparseable bodies). */
  | 'server';

/** What a request was for, so a 403 can say which RBAC rule is missing. */
export interface RequestSubject {
  verb: 'get' | 'list' | 'watch';
  /** Plural resource name (`pods`, `endpointslices`). */
  resource: string;
  /** API group, `''` for the core group. */
  group: string;
  /** Namespace, or undefined at the cluster scope. */
  namespace?: string;
}

export class LiveError extends Error {
  override readonly name = 'LiveError';
  constructor(
    readonly code: LiveErrorCode,
    message: string,
    readonly status?: number,
    readonly subject?: RequestSubject,
  ) {
    super(message);
  }
}

export function isLiveError(error: unknown, code?: LiveErrorCode): error is LiveError {
  return error instanceof LiveError && (code === undefined || error.code === code);
}

const scope = (s: RequestSubject) => (s.namespace ? `in namespace "${s.namespace}"` : 'at the cluster scope');
const groupText = (group: string) => (group === '' ? '"" (core)' : `"${group}"`);

export const LIVE_MSG = {
  noKubeconfig: (looked: string) =>
    `no input: pass manifests with -f FILE|DIR|-, or configure kubectl to read a live cluster (no kubeconfig found: ${looked})`,
  kubeconfigMissing: (file: string) => `kubeconfig ${file} does not exist`,
  kubeconfigUnreadable: (file: string, cause: string) => `cannot read kubeconfig ${file}: ${cause}`,
  noCurrentContext: () => 'the kubeconfig sets no current context: pass --context NAME or run `kubectl config use-context NAME`',
  contextMissing: (name: string) => `context "${name}" does not exist in the kubeconfig (see \`kubectl config get-contexts\`)`,
  clusterMissing: (context: string, cluster: string) => `context "${context}" names cluster "${cluster}", which the kubeconfig does not define`,
  noServer: (cluster: string) => `cluster "${cluster}" in the kubeconfig has no server address`,
  unreachable: (server: string, context: string, cause: string) =>
    `cannot reach the API server ${server} (context "${context}"): ${cause}; is the cluster running and the address right?`,
  tls: (server: string, context: string, cause: string) =>
    `TLS with the API server ${server} (context "${context}") failed: ${cause}; check certificate-authority in the kubeconfig`,
  credentials: (context: string, cause: string) => `getting credentials for context "${context}" failed: ${cause}`,
  unauthorized: (server: string, context: string) =>
    `the API server ${server} rejected the credentials of context "${context}" (401 Unauthorized): they may have expired; log in again or refresh the kubeconfig`,
  forbidden: (s: RequestSubject, user: string | undefined) =>
    `forbidden (403): ${user ? `${user} ` : ''}cannot ${s.verb} ${s.resource} (API group ${groupText(s.group)}) ${scope(s)}; ` +
    `grant get, list and watch on it (see deploy/rbac.yaml)`,
  notServed: (s: RequestSubject) => `the API server does not serve ${s.resource} (API group ${groupText(s.group)}): 404 Not Found`,
  server: (status: number, what: string, detail: string) => `the API server answered ${status} to ${what}${detail ? `: ${detail}` : ''}`,
  badBody: (what: string) => `the API server sent a response to ${what} that is not a JSON object`,
  /** A readable resource left out: what kreach does without it. */
  skipped: (reason: string, without: string) => `${reason}; continuing without it: ${without}`,
  retrying: (resource: string, verb: 'list' | 'watch', cause: string) => `cannot ${verb} ${resource}: ${cause}; retrying with backoff`,
  silentWatch: (resource: string, ms: number) => `the watch of ${resource} was silent for ${ms} ms`,
  namespaceOnly: (s: RequestSubject, namespace: string) =>
    `cannot ${s.verb} ${s.resource} at the cluster scope; reading namespace "${namespace}" only`,
};

/** The user a 403 Status message names (`User "alice" cannot list …`), when it names one. */
export function userFromForbidden(message: string): string | undefined {
  const match = /User "([^"]*)"/.exec(message);
  return match ? `user "${match[1]}"` : undefined;
}
