import { UserError } from '../errors/index.js';
import { formatReference, parseReference } from '../oci/index.js';
import type { PlanEntry } from '../plan/entry.js';
import type { ImageOutcome } from './chain.js';

/**
 * Where a run pushes, when that is not where the plan publishes: a pull
 * request's check pushes into a registry that lives only for its job (on the
 * runner's loopback), so nothing a pull request builds reaches a registry
 * consumers pull from, and the check needs no write permission anywhere.
 *
 * The plan is unchanged: its tags and its published parents
 * (`entry.publishedParents`) stay where the images are published, and are
 * read from there. Only what this run builds moves: the entry's repository,
 * its debug twin's and its build cache, and the digests of parents built
 * earlier in the run (each job has a registry of its own, on its own port,
 * holding what earlier jobs built: the records name the registry of the job
 * that wrote them).
 */
export interface PushRegistry {
  /** `host:port` of the registry this run pushes to. */
  host: string;
}

const HOST = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::\d{1,5})?$/;

/** The `push-registry` input, checked: a host, and a run that neither signs nor publishes (nothing it pushes may be published). */
export function pushRegistryInput(value: string, options: { sign: boolean; publish: boolean }): PushRegistry {
  if (!HOST.test(value)) {
    throw new UserError({
      message: `input 'push-registry' is '${value}', which is not a registry host.`,
      hint: 'Give host:port of the registry this run pushes to, for example 127.0.0.1:5000 (the job registry the check workflow starts).',
    });
  }
  if (options.sign || options.publish) {
    throw new UserError({
      message: `input 'push-registry' is set, but so is '${options.publish ? 'publish' : 'sign'}': what a run pushes to a registry of its own is checked, never signed or published.`,
      hint: "Set 'sign: false' and 'publish: false' (a pull request's check), or leave 'push-registry' empty to push where the plan publishes.",
    });
  }
  return { host: value };
}

function moved(reference: string, registry: PushRegistry): string {
  return formatReference({ ...parseReference(reference, 'image'), registry: registry.host });
}

/** The entry as this run builds it: pushed to the run's registry; its tags and published parents as planned. */
export function pushedEntry(entry: PlanEntry, registry: PushRegistry): PlanEntry {
  return {
    ...entry,
    repository: moved(entry.repository, registry),
    ...(entry.debug ? { debug: { ...entry.debug, repository: moved(entry.debug.repository, registry) } } : {}),
  };
}

/** A record written by an earlier job of the run, pointed at this job's registry, which holds what that job pushed. */
export function pushedOutcome(outcome: ImageOutcome, registry: PushRegistry): ImageOutcome {
  const evidence = { ...outcome.evidence };
  if (evidence.built !== undefined) evidence.built = moved(evidence.built, registry);
  if (evidence.scan !== undefined) evidence.scan = { ...evidence.scan, image: moved(evidence.scan.image, registry) };
  return {
    ...outcome,
    repository: moved(outcome.repository, registry),
    ...(outcome.image !== undefined ? { image: moved(outcome.image, registry) } : {}),
    evidence,
  };
}
