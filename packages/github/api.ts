import { UserError } from '../errors/index.js';

/**
 * The part of Octokit this room calls: `request(route, parameters)`, as
 * `@octokit/core` defines it. The actions build the Octokit (through
 * `@actions/github`, with Octokit's retry and throttling plugins and the
 * options of octokit-options.ts) and hand it in; nothing here imports
 * `@actions/*`. Payloads are read field by field, as GitHub documents them.
 */
export interface GitHubApi {
  request(route: string, parameters?: Record<string, unknown>): Promise<GitHubResponse>;
}

export interface GitHubResponse {
  status: number;
  data: unknown;
  headers: Readonly<Record<string, string | number | undefined>>;
}

/** `owner/repo`, as GITHUB_REPOSITORY holds it. */
export interface Repository {
  owner: string;
  repo: string;
}

export function parseRepository(text: string, input: string): Repository {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)$/.exec(text.trim());
  if (!match?.[1] || !match[2]) {
    throw new UserError({
      message: `${input} is '${text}', which is not a repository as owner/name.`,
      hint: 'Give it as owner/name, for example example-org/curated-images.',
    });
  }
  return { owner: match[1], repo: match[2] };
}

export function repositoryName(repository: Repository): string {
  return `${repository.owner}/${repository.repo}`;
}

/** What Octokit's RequestError carries, read without depending on its class. */
interface RequestFailure {
  status: number;
  message: string;
  response?: { data?: unknown; headers?: Record<string, unknown> };
}

function asRequestFailure(error: unknown): RequestFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  if (typeof status !== 'number') return undefined;
  return error as RequestFailure;
}

/** The HTTP status of a failed request, when the failure is one. */
export function failedStatus(error: unknown): number | undefined {
  return asRequestFailure(error)?.status;
}

/** GitHub's own `message` of a failed request (`Resource not accessible by integration`). */
export function failureMessage(error: unknown): string {
  const failure = asRequestFailure(error);
  const data = failure?.response?.data;
  const message = typeof data === 'object' && data !== null ? (data as { message?: unknown }).message : undefined;
  if (typeof message === 'string') return message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * A failure that is the workflow's to fix (a permission the job lacks, a
 * repository the token cannot see) as a UserError saying what to grant;
 * anything else as it came, with what was being done.
 */
export function explainFailure(error: unknown, doing: string, permission: string): Error {
  const status = failedStatus(error);
  const message = failureMessage(error);
  if (status === 401) {
    return new UserError({
      message: `GitHub refused the token while it ${doing}: ${message}.`,
      hint: "Pass the workflow's own token (the input's default, github.token) or a token that is still valid.",
    });
  }
  if (status === 403 && !/rate limit/i.test(message)) {
    return new UserError({
      message: `GitHub refused ${doing}: ${message}.`,
      hint: `Grant the job 'permissions: { ${permission} }'; it needs no other permission for this.`,
    });
  }
  if (status === 404) {
    return new UserError({
      message: `GitHub answered 404 while it ${doing}: the repository, or what it names, does not exist for this token.`,
      hint: `Check the repository name, and that the job has 'permissions: { ${permission} }'.`,
    });
  }
  return new Error(`GitHub API failed while it ${doing}: ${status !== undefined ? `${status} ` : ''}${message}`, { cause: error });
}

/** The next page of a `Link: <...>; rel="next"` header, as an absolute URL. */
export function nextLink(headers: GitHubResponse['headers']): string | undefined {
  const link = headers.link;
  if (typeof link !== 'string') return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/**
 * Every item of a list endpoint, following GitHub's `Link` header page by
 * page (100 per page, the most GitHub gives), as Octokit's paginate does.
 */
export async function listAll(api: GitHubApi, route: string, parameters: Record<string, unknown>): Promise<unknown[]> {
  const items: unknown[] = [];
  let response = await api.request(route, { ...parameters, per_page: 100 });
  for (let page = 1; ; page++) {
    if (!Array.isArray(response.data)) throw new Error(`GitHub answered ${route} with something that is not a list`);
    items.push(...response.data);
    const next = nextLink(response.headers);
    if (next === undefined) return items;
    if (page >= 1000) throw new Error(`GitHub kept answering ${route} with a next page after 1000 pages`);
    response = await api.request(`GET ${next}`);
  }
}

/** Reads one field of a documented payload, failing with the field's name when GitHub sent something else. */
export function field<T>(data: unknown, name: string, check: (value: unknown) => value is T, what: string): T {
  const value = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined;
  if (!check(value)) throw new Error(`GitHub's ${what} has no valid '${name}' (got ${JSON.stringify(value)?.slice(0, 80)})`);
  return value;
}

export const isString = (value: unknown): value is string => typeof value === 'string';
export const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
export const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';
