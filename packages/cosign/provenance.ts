import { UserError } from '../errors/index.js';
import { type RunEnvironment, serverUrl } from './identity.js';

/** cosign's predicate type name of SLSA provenance v1, for `attest --type` and `verify-attestation --type`. */
export const PROVENANCE_PREDICATE = 'slsaprovenance1';

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

/** The build type of an import: an upstream digest copied unchanged, by digest. */
export const IMPORT_BUILD_TYPE = 'https://image-actions.dev/buildtypes/import/v1';

/** Where an imported digest came from: the upstream tag as the catalog names it, and the digest it named. */
export interface UpstreamOrigin {
  /** `docker.io/library/redis:7.2.4` */
  reference: string;
  /** `sha256:...`, the same digest as the copy's. */
  digest: string;
}

/** SLSA provenance v1 of an import: no build, one resolved dependency (the upstream digest), and the run that copied it when known. */
export interface ImportProvenance {
  buildDefinition: {
    buildType: string;
    externalParameters: { upstream: string };
    internalParameters: Record<string, string>;
    resolvedDependencies: { uri: string; digest: { sha256: string } }[];
  };
  runDetails: { builder: { id: string }; metadata?: { invocationId: string } };
}

/**
 * The provenance an import is attested with: the copy's digest is
 * upstream's, so this is what says where it came from (an annotation on the
 * index would change the digest). The run's details are added when the run
 * has them (GitHub's variables), never made up.
 */
export function importProvenance(origin: UpstreamOrigin, env: RunEnvironment): ImportProvenance {
  const hex = origin.digest.replace(/^sha256:/, '');
  const repository = env.GITHUB_REPOSITORY ? `${serverUrl(env)}/${env.GITHUB_REPOSITORY}` : undefined;
  return {
    buildDefinition: {
      buildType: IMPORT_BUILD_TYPE,
      externalParameters: { upstream: origin.reference },
      internalParameters: env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {},
      resolvedDependencies: [{ uri: `docker://${origin.reference}`, digest: { sha256: hex } }],
    },
    runDetails: {
      builder: { id: `https://github.com/actions/runner/${env.RUNNER_ENVIRONMENT ?? 'github-hosted'}` },
      ...(repository && env.GITHUB_RUN_ID
        ? { metadata: { invocationId: `${repository}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT ?? '1'}` } }
        : {}),
    },
  };
}
