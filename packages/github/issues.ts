import { explainFailure, field, type GitHubApi, isNumber, isString, isStringOrNull, listAll, type Repository } from './api.js';

/** The fields of GitHub's issue object this room reads. */
export interface Issue {
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string;
  htmlUrl: string;
  labels: string[];
}

export interface IssueComment {
  id: number;
  body: string;
  htmlUrl: string;
}

export interface NewIssue {
  title: string;
  body: string;
  labels: string[];
}

export interface IssueChange {
  title?: string;
  body?: string;
  state?: 'open' | 'closed';
  /** GitHub's reason for closing or reopening: `completed`, `not_planned`, `reopened`. */
  stateReason?: 'completed' | 'not_planned' | 'reopened';
}

const PERMISSION = 'issues: write';

/** A repository's issues, through the REST API (https://docs.github.com/rest/issues). */
export class Issues {
  constructor(
    private readonly api: GitHubApi,
    readonly repository: Repository,
  ) {}

  /** Issues carrying the label, open and closed; pull requests (which the endpoint also lists) are left out. */
  async withLabel(label: string): Promise<Issue[]> {
    try {
      const items = await listAll(this.api, 'GET /repos/{owner}/{repo}/issues', {
        ...this.repository,
        labels: label,
        state: 'all',
        sort: 'created',
        direction: 'asc',
      });
      return items.filter((item) => !isPullRequest(item)).map(toIssue);
    } catch (error: unknown) {
      throw explainFailure(error, `listed the issues labelled '${label}'`, 'issues: read');
    }
  }

  async create(issue: NewIssue): Promise<Issue> {
    try {
      const response = await this.api.request('POST /repos/{owner}/{repo}/issues', { ...this.repository, ...issue });
      return toIssue(response.data);
    } catch (error: unknown) {
      throw explainFailure(error, `opened an issue '${issue.title}'`, PERMISSION);
    }
  }

  async update(number: number, change: IssueChange): Promise<Issue> {
    const { stateReason, ...rest } = change;
    try {
      const response = await this.api.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        ...this.repository,
        issue_number: number,
        ...rest,
        ...(stateReason !== undefined ? { state_reason: stateReason } : {}),
      });
      return toIssue(response.data);
    } catch (error: unknown) {
      throw explainFailure(error, `updated issue #${number}`, PERMISSION);
    }
  }

  async comment(number: number, body: string): Promise<IssueComment> {
    try {
      const response = await this.api.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...this.repository,
        issue_number: number,
        body,
      });
      return toComment(response.data);
    } catch (error: unknown) {
      throw explainFailure(error, `commented on issue #${number}`, PERMISSION);
    }
  }

  async comments(number: number): Promise<IssueComment[]> {
    try {
      const items = await listAll(this.api, 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...this.repository,
        issue_number: number,
      });
      return items.map(toComment);
    } catch (error: unknown) {
      throw explainFailure(error, `listed the comments of issue #${number}`, 'issues: read');
    }
  }
}

const isList = (value: unknown): value is unknown[] => Array.isArray(value);

function isPullRequest(item: unknown): boolean {
  return typeof item === 'object' && item !== null && 'pull_request' in item && (item as { pull_request?: unknown }).pull_request != null;
}

export function toIssue(data: unknown): Issue {
  const state = field(data, 'state', isString, 'issue');
  if (state !== 'open' && state !== 'closed') throw new Error(`GitHub's issue has state '${state}'`);
  const labels = field(data, 'labels', isList, 'issue').map((label: unknown) =>
    typeof label === 'string' ? label : field(label, 'name', isString, 'issue label'),
  );
  return {
    number: field(data, 'number', isNumber, 'issue'),
    state,
    title: field(data, 'title', isString, 'issue'),
    body: field(data, 'body', isStringOrNull, 'issue') ?? '',
    htmlUrl: field(data, 'html_url', isString, 'issue'),
    labels,
  };
}

export function toComment(data: unknown): IssueComment {
  return {
    id: field(data, 'id', isNumber, 'issue comment'),
    body: field(data, 'body', isStringOrNull, 'issue comment') ?? '',
    htmlUrl: field(data, 'html_url', isString, 'issue comment'),
  };
}
