import { explainFailure, failedStatus, failureMessage, type GitHubApi, isNumber, isString, type Repository } from './api.js';

export interface DispatchRequest {
  /** The workflow's file name (`nightly.yml`) or id. */
  workflow: string;
  /** The branch or tag the run uses (`refs/heads/main` or `main`). */
  ref: string;
  /** The workflow_dispatch inputs, as strings. */
  inputs: Record<string, string>;
}

export interface DispatchedRun {
  /** Present when GitHub told which run it created (`return_run_details`, since 2026). */
  runId?: number;
  htmlUrl?: string;
}

/**
 * Starts a workflow run through a workflow_dispatch event
 * (https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event).
 * The workflow's own GITHUB_TOKEN may do this (`actions: write`): GitHub makes
 * workflow_dispatch the exception to "events of GITHUB_TOKEN start no runs".
 * It asks for the run's details; a server too old to know that parameter
 * (GitHub Enterprise Server) refuses it, and is asked again without.
 */
export async function dispatchWorkflow(api: GitHubApi, repository: Repository, request: DispatchRequest): Promise<DispatchedRun> {
  const route = 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
  const parameters = { ...repository, workflow_id: request.workflow, ref: request.ref, inputs: request.inputs };
  try {
    let response: Awaited<ReturnType<GitHubApi['request']>>;
    try {
      response = await api.request(route, { ...parameters, return_run_details: true });
    } catch (error: unknown) {
      const status = failedStatus(error);
      if ((status !== 400 && status !== 422) || !/return_run_details/.test(failureMessage(error))) throw error;
      response = await api.request(route, parameters);
    }
    if (response.status === 204 || typeof response.data !== 'object' || response.data === null) return {};
    const data = response.data as Record<string, unknown>;
    return {
      ...(isNumber(data.workflow_run_id) ? { runId: data.workflow_run_id } : {}),
      ...(isString(data.html_url) ? { htmlUrl: data.html_url } : {}),
    };
  } catch (error: unknown) {
    throw explainFailure(error, `dispatched ${request.workflow} on ${request.ref}`, 'actions: write');
  }
}
