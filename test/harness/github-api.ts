import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

/**
 * A stand-in for GitHub's REST API on loopback: issues, issue comments,
 * workflow dispatches and workflow runs, and container package versions,
 * answered with the payloads and headers GitHub documents
 * (https://docs.github.com/rest): the issue and comment objects, `Link`
 * pagination, the `x-ratelimit-*` headers on every answer, 401 without a
 * token, 404 and 422 bodies with `message` and `documentation_url`.
 *
 * It makes on demand the failures GitHub makes at random: a primary rate
 * limit (403 or 429 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`),
 * a secondary rate limit (403 with `retry-after` and GitHub's message), and
 * 5xx. A failed request changes nothing, as on GitHub.
 *
 * Used in-process by the tests (`startGitHubApi`), and run by the lab as a
 * daemon (`node test/harness/github-api.ts --port N --state FILE`, Node's
 * own type stripping: this file imports nothing but node:*). Every repository
 * exists on first use, so tests keep apart by using repositories of their own.
 * Control endpoints live under `/_stand-in/`, which GitHub does not have.
 */

export type FaultKind = 'primary' | 'secondary' | 'status';

export interface Fault {
  kind: FaultKind;
  /** 403 (default) or 429 for the rate limits; the status to answer for `status` (e.g. 502). */
  status?: number;
  /** Secondary: the `retry-after` seconds (default 1). */
  retryAfter?: number;
  /** Primary: seconds until `x-ratelimit-reset` (default 1). */
  resetIn?: number;
}

export interface FaultRule {
  /** Only requests with this method (any when absent). */
  method?: string;
  /** Only requests whose path starts with this (any when absent). */
  path?: string;
  faults: Fault[];
}

export interface SeenRequest {
  method: string;
  path: string;
  status: number;
  /** The fault answered instead of the API, if any. */
  fault?: FaultKind;
  at: number;
}

interface UserRecord {
  login: string;
  id: number;
  node_id: string;
  type: string;
}

interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  comments: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

interface CommentRecord {
  id: number;
  issue: number;
  body: string;
  created_at: string;
  updated_at: string;
}

interface RunRecord {
  id: number;
  workflow: string;
  ref: string;
  inputs: Record<string, unknown>;
  created_at: string;
}

interface RepoRecord {
  nextNumber: number;
  issues: IssueRecord[];
  comments: CommentRecord[];
  labels: LabelRecord[];
  runs: RunRecord[];
  /** The files of each pull request, by number, as a test set them. */
  pulls?: Record<string, PullFileRecord[]>;
}

export interface PullFileRecord {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previous_filename?: string;
  patch?: string;
}

interface VersionRecord {
  id: number;
  name: string;
  tags: string[];
  created_at: string;
  deleted: boolean;
}

interface State {
  nextId: number;
  repos: Record<string, RepoRecord>;
  /** By `orgs|users/<owner>/<type>/<name>`. */
  packages: Record<string, VersionRecord[]>;
}

export interface StandInOptions {
  port?: number;
  /** Where the state is kept across restarts; in memory only when absent. */
  stateFile?: string;
  /** The web address html_url fields point at (GitHub's by default). */
  webUrl?: string;
}

export interface GitHubStandIn {
  /** `http://127.0.0.1:<port>`: the base URL for Octokit (GITHUB_API_URL). */
  url: string;
  port: number;
  requests: SeenRequest[];
  addFaults(rule: FaultRule): void;
  /** A repository's issues, comments and dispatched runs, as stored. */
  repository(name: string): RepoRecord;
  addPackageVersions(
    owner: { kind: 'org' | 'user'; name: string },
    packageName: string,
    versions: { digest: string; tags: string[] }[],
  ): number[];
  /** What "List pull requests files" answers for this pull request. */
  setPullRequestFiles(repository: string, pullNumber: number, files: PullFileRecord[]): void;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';
const ACTOR: UserRecord = { login: 'github-actions[bot]', id: 41898282, node_id: 'MDM6Qm90NDE4OTgyODI=', type: 'Bot' };
const RATE_LIMIT = 5000;

class HttpAnswer extends Error {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    super(`HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

function notFound(documentation = DOCS): HttpAnswer {
  return new HttpAnswer(404, { message: 'Not Found', documentation_url: documentation, status: '404' });
}

function invalid(resource: string, field: string, code: string, documentation: string): HttpAnswer {
  return new HttpAnswer(422, {
    message: 'Validation Failed',
    errors: [{ resource, code, field }],
    documentation_url: documentation,
    status: '422',
  });
}

export async function startGitHubApi(options: StandInOptions = {}): Promise<GitHubStandIn> {
  const state: State =
    options.stateFile !== undefined && existsSync(options.stateFile)
      ? (JSON.parse(readFileSync(options.stateFile, 'utf8')) as State)
      : { nextId: 1000, repos: {}, packages: {} };
  const webUrl = (options.webUrl ?? 'https://github.com').replace(/\/+$/, '');
  const requests: SeenRequest[] = [];
  const rules: FaultRule[] = [];
  const window = { resetAt: Math.floor(Date.now() / 1000) + 3600, used: 0 };
  let base = '';

  const save = () => {
    if (options.stateFile === undefined) return;
    writeFileSync(`${options.stateFile}.tmp`, JSON.stringify(state));
    renameSync(`${options.stateFile}.tmp`, options.stateFile);
  };
  const nextId = () => state.nextId++;
  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const repo = (name: string): RepoRecord => {
    let record = state.repos[name];
    if (!record) {
      record = { nextNumber: 1, issues: [], comments: [], labels: [], runs: [] };
      state.repos[name] = record;
    }
    return record;
  };

  const user = () => ({
    login: ACTOR.login,
    id: ACTOR.id,
    node_id: ACTOR.node_id,
    avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
    url: `${base}/users/${encodeURIComponent(ACTOR.login)}`,
    html_url: `${webUrl}/apps/github-actions`,
    type: ACTOR.type,
    site_admin: false,
  });
  const label = (name: string, r: RepoRecord, full: string) => {
    let found = r.labels.find((l) => l.name === name);
    if (!found) {
      found = { id: nextId(), name, color: 'ededed', description: null };
      r.labels.push(found);
    }
    return {
      id: found.id,
      node_id: Buffer.from(`Label${found.id}`).toString('base64'),
      url: `${base}/repos/${full}/labels/${encodeURIComponent(found.name)}`,
      name: found.name,
      color: found.color,
      default: false,
      description: found.description,
    };
  };
  const issueJson = (issue: IssueRecord, r: RepoRecord, full: string) => ({
    url: `${base}/repos/${full}/issues/${issue.number}`,
    repository_url: `${base}/repos/${full}`,
    labels_url: `${base}/repos/${full}/issues/${issue.number}/labels{/name}`,
    comments_url: `${base}/repos/${full}/issues/${issue.number}/comments`,
    events_url: `${base}/repos/${full}/issues/${issue.number}/events`,
    html_url: `${webUrl}/${full}/issues/${issue.number}`,
    id: issue.id,
    node_id: Buffer.from(`Issue${issue.id}`).toString('base64'),
    number: issue.number,
    title: issue.title,
    user: user(),
    labels: issue.labels.map((name) => label(name, r, full)),
    state: issue.state,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: issue.comments,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    author_association: 'NONE',
    active_lock_reason: null,
    body: issue.body,
    closed_by: issue.state === 'closed' ? user() : null,
    timeline_url: `${base}/repos/${full}/issues/${issue.number}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.state_reason,
  });
  const commentJson = (comment: CommentRecord, full: string) => ({
    url: `${base}/repos/${full}/issues/comments/${comment.id}`,
    html_url: `${webUrl}/${full}/issues/${comment.issue}#issuecomment-${comment.id}`,
    issue_url: `${base}/repos/${full}/issues/${comment.issue}`,
    id: comment.id,
    node_id: Buffer.from(`IssueComment${comment.id}`).toString('base64'),
    user: user(),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    author_association: 'NONE',
    body: comment.body,
    performed_via_github_app: null,
  });
  const runJson = (run: RunRecord, full: string) => ({
    id: run.id,
    name: run.workflow.replace(/\.ya?ml$/, ''),
    node_id: Buffer.from(`WorkflowRun${run.id}`).toString('base64'),
    head_branch: run.ref.replace(/^refs\/heads\//, ''),
    path: `.github/workflows/${run.workflow}`,
    run_number: run.id,
    event: 'workflow_dispatch',
    status: 'queued',
    conclusion: null,
    url: `${base}/repos/${full}/actions/runs/${run.id}`,
    html_url: `${webUrl}/${full}/actions/runs/${run.id}`,
    created_at: run.created_at,
    updated_at: run.created_at,
    actor: user(),
    triggering_actor: user(),
    inputs: run.inputs,
  });

  /** A page of `items` and its `Link` header, as GitHub paginates (per_page at most 100). */
  const paginate = <T>(items: T[], url: URL): { page: T[]; headers: Record<string, string> } => {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string) => {
      const copy = new URL(url.pathname + url.search, base);
      copy.searchParams.set('per_page', String(perPage));
      copy.searchParams.set('page', String(n));
      return `<${copy.href}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    return { page: items.slice((page - 1) * perPage, page * perPage), headers: links.length > 0 ? { link: links.join(', ') } : {} };
  };

  const issueOf = (r: RepoRecord, number: string): IssueRecord => {
    const issue = r.issues.find((i) => String(i.number) === number);
    if (!issue) throw notFound(`${DOCS}/issues/issues#get-an-issue`);
    return issue;
  };

  type Handler = (
    match: string[],
    url: URL,
    body: Record<string, unknown>,
  ) => { status: number; body?: unknown; headers?: Record<string, string> };
  const routes: { method: string; pattern: RegExp; handler: Handler }[] = [
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/files$/,
      handler: ([o, n, number], url) => {
        const files = repo(`${o}/${n}`).pulls?.[number ?? ''];
        if (files === undefined) throw notFound(`${DOCS}/pulls/pulls#list-pull-requests-files`);
        const { page, headers } = paginate(files, url);
        return {
          status: 200,
          body: page.map((f, index) => ({
            sha: createHash('sha1').update(`${f.filename}${index}`).digest('hex'),
            filename: f.filename,
            status: f.status,
            additions: 1,
            deletions: f.status === 'added' ? 0 : 1,
            changes: f.status === 'added' ? 1 : 2,
            blob_url: `${webUrl}/${o}/${n}/blob/HEAD/${f.filename}`,
            raw_url: `${webUrl}/${o}/${n}/raw/HEAD/${f.filename}`,
            contents_url: `${base}/repos/${o}/${n}/contents/${f.filename}?ref=HEAD`,
            ...(f.patch !== undefined ? { patch: f.patch } : {}),
            ...(f.previous_filename !== undefined ? { previous_filename: f.previous_filename } : {}),
          })),
          headers,
        };
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues$/,
      handler: ([o, n], url) => {
        const full = `${o}/${n}`;
        const r = repo(full);
        const wantedState = url.searchParams.get('state') ?? 'open';
        if (!['open', 'closed', 'all'].includes(wantedState))
          throw invalid('Issue', 'state', 'invalid', `${DOCS}/issues/issues#list-repository-issues`);
        const labels = (url.searchParams.get('labels') ?? '')
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean);
        const sort = url.searchParams.get('sort') === 'updated' ? 'updated_at' : 'created_at';
        const ascending = url.searchParams.get('direction') === 'asc';
        const chosen = r.issues
          .filter((i) => wantedState === 'all' || i.state === wantedState)
          .filter((i) => labels.every((l) => i.labels.includes(l)))
          .sort((a, b) => (a[sort] < b[sort] ? -1 : a[sort] > b[sort] ? 1 : a.number - b.number) * (ascending ? 1 : -1));
        const { page, headers } = paginate(chosen, url);
        return { status: 200, body: page.map((i) => issueJson(i, r, full)), headers };
      },
    },
    {
      method: 'POST',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues$/,
      handler: ([o, n], _url, body) => {
        const full = `${o}/${n}`;
        const documentation = `${DOCS}/issues/issues#create-an-issue`;
        if (typeof body.title !== 'string' || body.title === '') throw invalid('Issue', 'title', 'missing_field', documentation);
        if (body.body !== undefined && body.body !== null && typeof body.body !== 'string')
          throw invalid('Issue', 'body', 'invalid', documentation);
        const r = repo(full);
        const at = now();
        const issue: IssueRecord = {
          id: nextId(),
          number: r.nextNumber++,
          title: body.title,
          body: typeof body.body === 'string' ? body.body : null,
          state: 'open',
          state_reason: null,
          labels: Array.isArray(body.labels)
            ? body.labels.map((l) => (typeof l === 'string' ? l : String((l as { name?: unknown }).name)))
            : [],
          comments: 0,
          created_at: at,
          updated_at: at,
          closed_at: null,
        };
        r.issues.push(issue);
        save();
        return { status: 201, body: issueJson(issue, r, full), headers: { location: `${base}/repos/${full}/issues/${issue.number}` } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/,
      handler: ([o, n, number]) => {
        const full = `${o}/${n}`;
        const r = repo(full);
        return { status: 200, body: issueJson(issueOf(r, number ?? ''), r, full) };
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/,
      handler: ([o, n, number], _url, body) => {
        const full = `${o}/${n}`;
        const r = repo(full);
        const issue = issueOf(r, number ?? '');
        const documentation = `${DOCS}/issues/issues#update-an-issue`;
        if (body.state !== undefined && body.state !== 'open' && body.state !== 'closed')
          throw invalid('Issue', 'state', 'invalid', documentation);
        if (
          body.state_reason !== undefined &&
          body.state_reason !== null &&
          !['completed', 'not_planned', 'reopened'].includes(String(body.state_reason))
        ) {
          throw invalid('Issue', 'state_reason', 'invalid', documentation);
        }
        if (body.title !== undefined && (typeof body.title !== 'string' || body.title === ''))
          throw invalid('Issue', 'title', 'invalid', documentation);
        if (typeof body.title === 'string') issue.title = body.title;
        if (body.body !== undefined) issue.body = typeof body.body === 'string' ? body.body : null;
        if (Array.isArray(body.labels)) issue.labels = body.labels.map(String);
        if (body.state === 'closed' && issue.state === 'open') {
          issue.state = 'closed';
          issue.closed_at = now();
          issue.state_reason = typeof body.state_reason === 'string' ? body.state_reason : 'completed';
        } else if (body.state === 'open' && issue.state === 'closed') {
          issue.state = 'open';
          issue.closed_at = null;
          issue.state_reason = 'reopened';
        }
        issue.updated_at = now();
        save();
        return { status: 200, body: issueJson(issue, r, full) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
      handler: ([o, n, number], url) => {
        const full = `${o}/${n}`;
        const r = repo(full);
        const issue = issueOf(r, number ?? '');
        const { page, headers } = paginate(
          r.comments.filter((c) => c.issue === issue.number),
          url,
        );
        return { status: 200, body: page.map((c) => commentJson(c, full)), headers };
      },
    },
    {
      method: 'POST',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
      handler: ([o, n, number], _url, body) => {
        const full = `${o}/${n}`;
        const r = repo(full);
        const issue = issueOf(r, number ?? '');
        if (typeof body.body !== 'string' || body.body === '') {
          throw invalid('IssueComment', 'body', 'missing_field', `${DOCS}/issues/comments#create-an-issue-comment`);
        }
        const at = now();
        const comment: CommentRecord = { id: nextId(), issue: issue.number, body: body.body, created_at: at, updated_at: at };
        r.comments.push(comment);
        issue.comments += 1;
        issue.updated_at = at;
        save();
        return {
          status: 201,
          body: commentJson(comment, full),
          headers: { location: `${base}/repos/${full}/issues/comments/${comment.id}` },
        };
      },
    },
    {
      method: 'POST',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/dispatches$/,
      handler: ([o, n, workflow], _url, body) => {
        const full = `${o}/${n}`;
        if (typeof body.ref !== 'string' || body.ref === '') {
          throw new HttpAnswer(422, {
            message: 'Invalid request.\n\n"ref" wasn\'t supplied.',
            documentation_url: `${DOCS}/actions/workflows#create-a-workflow-dispatch-event`,
            status: '422',
          });
        }
        const inputs = typeof body.inputs === 'object' && body.inputs !== null ? (body.inputs as Record<string, unknown>) : {};
        const r = repo(full);
        const run: RunRecord = { id: nextId(), workflow: workflow ?? '', ref: body.ref, inputs, created_at: now() };
        r.runs.push(run);
        save();
        if (body.return_run_details === true) {
          return {
            status: 200,
            body: {
              workflow_run_id: run.id,
              run_url: `${base}/repos/${full}/actions/runs/${run.id}`,
              html_url: `${webUrl}/${full}/actions/runs/${run.id}`,
            },
          };
        }
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs$/,
      handler: ([o, n], url) => {
        const full = `${o}/${n}`;
        const runs = [...repo(full).runs].reverse();
        const { page, headers } = paginate(runs, url);
        return { status: 200, body: { total_count: runs.length, workflow_runs: page.map((run) => runJson(run, full)) }, headers };
      },
    },
    {
      method: 'GET',
      pattern: /^\/(orgs|users)\/([^/]+)\/packages\/([^/]+)\/([^/]+)\/versions$/,
      handler: ([kind, owner, type, name], url) => {
        const versions = state.packages[`${kind}/${owner}/${type}/${name}`];
        if (!versions) throw notFound(`${DOCS}/packages/packages#list-package-versions-for-a-package-owned-by-an-organization`);
        const wanted = url.searchParams.get('state') ?? 'active';
        const chosen = versions.filter((v) => (wanted === 'deleted' ? v.deleted : !v.deleted)).reverse();
        const { page, headers } = paginate(chosen, url);
        return { status: 200, body: page.map((v) => versionJson(v, kind ?? '', owner ?? '', type ?? '', name ?? '')), headers };
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/(orgs|users)\/([^/]+)\/packages\/([^/]+)\/([^/]+)\/versions\/(\d+)$/,
      handler: ([kind, owner, type, name, id]) => {
        const versions = state.packages[`${kind}/${owner}/${type}/${name}`];
        const version = versions?.find((v) => String(v.id) === id && !v.deleted);
        if (!version) throw notFound(`${DOCS}/packages/packages#delete-package-version-for-an-organization`);
        version.deleted = true;
        save();
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: /^\/rate_limit$/,
      handler: () => {
        const core = { limit: RATE_LIMIT, used: window.used, remaining: Math.max(0, RATE_LIMIT - window.used), reset: window.resetAt };
        return { status: 200, body: { resources: { core }, rate: core } };
      },
    },
  ];

  const versionJson = (v: VersionRecord, kind: string, owner: string, type: string, name: string) => ({
    id: v.id,
    name: v.name,
    url: `${base}/${kind}/${owner}/packages/${type}/${encodeURIComponent(name)}/versions/${v.id}`,
    package_html_url: `${webUrl}/${kind}/${owner}/packages/${type}/package/${encodeURIComponent(name)}`,
    html_url: `${webUrl}/${kind}/${owner}/packages/${type}/${encodeURIComponent(name)}/${v.id}`,
    license: null,
    created_at: v.created_at,
    updated_at: v.created_at,
    description: null,
    metadata: { package_type: type, container: { tags: v.tags } },
  });

  const addPackageVersions = (
    owner: { kind: 'org' | 'user'; name: string },
    packageName: string,
    versions: { digest: string; tags: string[] }[],
  ) => {
    const key = `${owner.kind === 'org' ? 'orgs' : 'users'}/${owner.name}/container/${packageName}`;
    const list = state.packages[key] ?? [];
    state.packages[key] = list;
    const ids = versions.map((v) => {
      const id = nextId();
      list.push({ id, name: v.digest, tags: v.tags, created_at: now(), deleted: false });
      return id;
    });
    save();
    return ids;
  };

  const rateHeaders = (): Record<string, string> => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    if (nowSeconds >= window.resetAt) {
      window.resetAt = nowSeconds + 3600;
      window.used = 0;
    }
    return {
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT - window.used)),
      'x-ratelimit-reset': String(window.resetAt),
      'x-ratelimit-used': String(window.used),
      'x-ratelimit-resource': 'core',
    };
  };

  const takeFault = (method: string, path: string): Fault | undefined => {
    for (const rule of rules) {
      if (rule.method !== undefined && rule.method.toUpperCase() !== method) continue;
      if (rule.path !== undefined && !path.startsWith(rule.path)) continue;
      const fault = rule.faults.shift();
      if (rule.faults.length === 0) rules.splice(rules.indexOf(rule), 1);
      if (fault) return fault;
    }
    return undefined;
  };

  const faultAnswer = (fault: Fault, requestId: string): HttpAnswer => {
    if (fault.kind === 'secondary') {
      return new HttpAnswer(
        fault.status ?? 403,
        {
          message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
          documentation_url:
            'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          status: String(fault.status ?? 403),
        },
        { 'retry-after': String(fault.retryAfter ?? 1) },
      );
    }
    if (fault.kind === 'primary') {
      const reset = Math.floor(Date.now() / 1000) + (fault.resetIn ?? 1);
      return new HttpAnswer(
        fault.status ?? 403,
        {
          message: `API rate limit exceeded for installation ID 4242. If you reach out to GitHub Support for help, please include the request ID ${requestId} and timestamp ${now()}.`,
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits',
          status: String(fault.status ?? 403),
        },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-used': String(RATE_LIMIT), 'x-ratelimit-reset': String(reset) },
      );
    }
    const status = fault.status ?? 502;
    return new HttpAnswer(status, { message: status === 502 ? 'Server Error' : 'Service Unavailable', status: String(status) });
  };

  const control = (method: string, url: URL, body: Record<string, unknown>): { status: number; body?: unknown } => {
    const path = url.pathname.slice('/_stand-in'.length);
    if (method === 'GET' && path === '/health') return { status: 200, body: { ok: true } };
    if (method === 'POST' && path === '/faults') {
      rules.push(body as unknown as FaultRule);
      return { status: 201, body: { rules: rules.length } };
    }
    if (method === 'DELETE' && path === '/faults') {
      rules.splice(0);
      return { status: 204 };
    }
    if (method === 'GET' && path === '/requests') {
      const prefix = url.searchParams.get('path') ?? '';
      return { status: 200, body: requests.filter((r) => r.path.startsWith(prefix)) };
    }
    const repoMatch = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path);
    if (method === 'GET' && repoMatch) return { status: 200, body: repo(`${repoMatch[1]}/${repoMatch[2]}`) };
    if (method === 'POST' && path === '/packages') {
      const owner = body.owner as { kind: 'org' | 'user'; name: string };
      const ids = addPackageVersions(owner, String(body.name), body.versions as { digest: string; tags: string[] }[]);
      return { status: 201, body: { ids } };
    }
    throw notFound();
  };

  const handle = async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const method = (incoming.method ?? 'GET').toUpperCase();
    const url = new URL(incoming.url ?? '/', base);
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const send = (status: number, body: unknown, headers: Record<string, string>, fault?: FaultKind) => {
      requests.push({ method, path: url.pathname, status, at: Date.now(), ...(fault ? { fault } : {}) });
      const payload = body === undefined ? '' : JSON.stringify(body);
      outgoing.writeHead(status, {
        ...(payload !== '' ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        'x-github-api-version-selected': '2022-11-28',
        'x-github-media-type': 'github.v3; format=json',
        'x-github-request-id': requestId,
        ...headers,
      });
      outgoing.end(payload);
    };
    try {
      let body: Record<string, unknown> = {};
      if (text !== '') {
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          throw new HttpAnswer(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
        }
      }
      if (url.pathname.startsWith('/_stand-in/')) {
        const answer = control(method, url, body);
        send(answer.status, answer.body, {});
        return;
      }
      if (!incoming.headers.authorization) {
        throw new HttpAnswer(401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' });
      }
      window.used += 1;
      const fault = takeFault(method, url.pathname);
      if (fault) {
        const answer = faultAnswer(fault, requestId);
        send(answer.status, answer.body, { ...rateHeaders(), ...answer.headers }, fault.kind);
        return;
      }
      const segments = url.pathname.split('/').map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
      const decoded = segments.map((s) => s.replace(/\//g, '%2F')).join('/');
      for (const route of routes) {
        if (route.method !== method) continue;
        const match = route.pattern.exec(decoded);
        if (!match) continue;
        const groups = match.slice(1).map((g) => g.replace(/%2F/g, '/'));
        const answer = route.handler(groups, url, body);
        send(answer.status, answer.body, { ...rateHeaders(), ...answer.headers });
        return;
      }
      throw notFound();
    } catch (thrown: unknown) {
      if (thrown instanceof HttpAnswer) {
        send(thrown.status, thrown.body, { ...rateHeaders(), ...thrown.headers });
        return;
      }
      send(500, { message: `stand-in error: ${thrown instanceof Error ? thrown.message : String(thrown)}` }, {});
    }
  };

  const server: Server = createServer((incoming, outgoing) => {
    void handle(incoming, outgoing);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    port,
    requests,
    addFaults: (rule) => {
      rules.push({ ...rule, faults: [...rule.faults] });
    },
    repository: (name) => repo(name),
    addPackageVersions,
    setPullRequestFiles: (repository, pullNumber, files) => {
      const record = repo(repository);
      record.pulls = { ...record.pulls, [String(pullNumber)]: files.map((f) => ({ ...f })) };
      save();
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** `node test/harness/github-api.ts --port 5020 --state FILE`: the lab's daemon. */
async function main(args: string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at === -1 ? undefined : args[at + 1];
  };
  const port = Number(option('--port') ?? '0');
  const stateFile = option('--state');
  const standIn = await startGitHubApi({ port, ...(stateFile !== undefined ? { stateFile } : {}) });
  console.log(`GitHub API stand-in listening on ${standIn.url}`);
  const stop = () => {
    void standIn.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
