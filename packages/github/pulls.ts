import { field, type GitHubApi, isString, listAll, type Repository } from './api.js';

/** One file of a pull request, as GitHub's "List pull requests files" returns it (the fields the plan reads). */
export interface ChangedFile {
  filename: string;
  status: string;
  previous_filename?: string;
  /** The diff; GitHub leaves it out of large ones. */
  patch?: string;
}

/**
 * Every file a pull request changes, all pages of them (GitHub lists at
 * most 3000). Needs `pull-requests: read`, which a fork's read-only token has.
 */
export async function listPullRequestFiles(api: GitHubApi, repository: Repository, pullNumber: number): Promise<ChangedFile[]> {
  const items = await listAll(api, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { ...repository, pull_number: pullNumber });
  return items.map((item) => {
    const file: ChangedFile = {
      filename: field(item, 'filename', isString, 'a pull request file'),
      status: field(item, 'status', isString, 'a pull request file'),
    };
    const { previous_filename: previous, patch } = item as { previous_filename?: unknown; patch?: unknown };
    if (typeof previous === 'string') file.previous_filename = previous;
    if (typeof patch === 'string') file.patch = patch;
    return file;
  });
}
