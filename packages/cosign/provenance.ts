import { UserError } from '../errors/index.js';
import { type RunEnvironment, serverUrl } from './identity.js';

/** The build type GitHub documents for provenance of a GitHub Actions workflow run. */
export const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';

/** A SLSA provenance v1 predicate (https://slsa.dev/provenance/v1), the parts this action can vouch for. */
export interface SlsaProvenance {
  buildDefinition: {
    buildType: string;
    externalParameters: { workflow: { ref: string; repository: string; path: string } };
    internalParameters: { github: Record<string, string> };
    resolvedDependencies: { uri: string; digest: { gitCommit: string } }[];
  };
  runDetails: {
    builder: { id: string };
    metadata: { invocationId: string };
  };
}

const REQUIRED = ['GITHUB_REPOSITORY', 'GITHUB_SHA', 'GITHUB_RUN_ID', 'GITHUB_WORKFLOW_REF', 'GITHUB_REF'] as const;

/**
 * Provenance built from the run's own context: which repository and commit,
 * which workflow at which ref, which run. It says where the image was signed
 * and from what source; it does not claim the build's hermeticity.
 */
export function provenanceFromRun(env: RunEnvironment): SlsaProvenance {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new UserError({
      message: `input 'provenance' is true, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set.`,
      hint: 'GitHub sets these on its runners; run the step there, or set provenance to false.',
    });
  }
  const value = (name: (typeof REQUIRED)[number]): string => env[name] ?? '';
  const server = serverUrl(env);
  const repository = `${server}/${value('GITHUB_REPOSITORY')}`;
  const workflowRef = value('GITHUB_WORKFLOW_REF');
  const github: Record<string, string> = {};
  for (const [key, name] of [
    ['event_name', 'GITHUB_EVENT_NAME'],
    ['repository_id', 'GITHUB_REPOSITORY_ID'],
    ['repository_owner_id', 'GITHUB_REPOSITORY_OWNER_ID'],
    ['runner_environment', 'RUNNER_ENVIRONMENT'],
  ] as const) {
    const found = env[name];
    if (found) github[key] = found;
  }
  return {
    buildDefinition: {
      buildType: GITHUB_WORKFLOW_BUILD_TYPE,
      externalParameters: {
        workflow: { ref: value('GITHUB_REF'), repository, path: workflowPath(workflowRef, value('GITHUB_REPOSITORY')) },
      },
      internalParameters: { github },
      resolvedDependencies: [{ uri: `git+${repository}@${value('GITHUB_REF')}`, digest: { gitCommit: value('GITHUB_SHA') } }],
    },
    runDetails: {
      builder: { id: `https://github.com/actions/runner/${env.RUNNER_ENVIRONMENT ?? 'github-hosted'}` },
      metadata: { invocationId: `${repository}/actions/runs/${value('GITHUB_RUN_ID')}/attempts/${env.GITHUB_RUN_ATTEMPT ?? '1'}` },
    },
  };
}

/** `owner/repo/.github/workflows/ci.yml@refs/heads/main` -> `.github/workflows/ci.yml` */
function workflowPath(workflowRef: string, repository: string): string {
  const withoutRef = workflowRef.split('@')[0] ?? workflowRef;
  return withoutRef.startsWith(`${repository}/`) ? withoutRef.slice(repository.length + 1) : withoutRef;
}
