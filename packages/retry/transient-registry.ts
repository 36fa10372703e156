/**
 * Failures of a registry or of the network to it that another attempt (or
 * another mirror) may not meet, as docker, buildx, BuildKit, trivy and
 * Node's fetch print them. The one list for every step: builds and logins
 * retry on these, the registry client retries on these, and the scan's DB
 * download moves on to the next repository on these. Each pattern carries
 * the short reason that is logged with the retry.
 */
const TRANSIENT: ReadonlyArray<{ pattern: RegExp; reason: string }> = [
  { pattern: /\b429\b|too many requests|toomanyrequests/i, reason: 'rate limited (429)' },
  {
    pattern: /\b50[0-4] (?:Internal Server Error|Not Implemented|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i,
    reason: 'registry error (5xx)',
  },
  { pattern: /(?:status|code|status code)[: ]+50[0-4]\b/i, reason: 'registry error (5xx)' },
  // The distribution API's error code for 503, as trivy and oras print it.
  { pattern: /\bUNAVAILABLE: /, reason: 'registry unavailable (503)' },
  { pattern: /connection reset by peer|ECONNRESET/i, reason: 'connection reset' },
  { pattern: /connection refused|ECONNREFUSED/i, reason: 'connection refused' },
  { pattern: /i\/o timeout|TLS handshake timeout|ETIMEDOUT|context deadline exceeded/i, reason: 'timeout' },
  { pattern: /unexpected EOF|broken pipe|EPIPE/i, reason: 'connection dropped' },
  { pattern: /no such host|EAI_AGAIN/, reason: 'host not found' },
];

/** The reason `text` (a tool's stderr, an error message) shows a transient registry failure, or undefined. */
export function transientRegistryFailure(text: string): string | undefined {
  for (const { pattern, reason } of TRANSIENT) {
    if (pattern.test(text)) return reason;
  }
  return undefined;
}
