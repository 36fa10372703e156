import type { Catalog, CatalogImage, Mirror } from '../catalog/model.js';
import { debugApplication, listedBuilds } from '../catalog/model.js';
import type { Logger } from '../logging/index.js';
import { catalogBase, catalogScheme, isRetired, tagFields } from '../plan/index.js';
import type { RegistryClient } from '../registry/index.js';
import type { TagScheme } from '../tags/index.js';
import { readInventory } from './inventory.js';
import { planRepository, type RemovalAction, type RepositoryPlan, short } from './plan.js';
import { readState, type StoredState, writeState } from './state.js';

/**
 * How a registry removes things. The distribution API deletes manifests by
 * digest and, where it has the OCI tag-deletion API, single tags; ghcr.io
 * deletes only package versions through the GitHub Packages API.
 */
export interface Deleter {
  /** Whether a single tag can be removed while its digest stays, in this repository's registry. */
  canUntag(repository: { host: string; path: string }): Promise<boolean>;
  /** False when it was already gone. */
  deleteManifest(repository: { host: string; path: string }, digest: string): Promise<boolean>;
  untag(repository: { host: string; path: string }, tag: string): Promise<'deleted' | 'absent' | 'unsupported'>;
}

/**
 * Deletes through the distribution API, with the project's one registry
 * client. Whether the registry removes single tags is asked once per host:
 * deleting a tag that does not exist answers 404 where the API exists, and
 * 400 or 405 where it does not (distribution 2.x).
 */
export function registryDeleter(client: RegistryClient): Deleter {
  const answers = new Map<string, Promise<boolean>>();
  return {
    canUntag: (repository) => {
      let answer = answers.get(repository.host);
      if (!answer) {
        // A registry that refuses the probe itself (a read-only login) is taken not to remove single tags.
        answer = client
          .deleteTag(repository.host, repository.path, 'image-actions-tag-deletion-probe')
          .then((r) => r !== 'unsupported')
          .catch(() => false);
        answers.set(repository.host, answer);
      }
      return answer;
    },
    deleteManifest: (repository, digest) => client.deleteManifest(repository.host, repository.path, digest),
    untag: (repository, tag) => client.deleteTag(repository.host, repository.path, tag),
  };
}

/** Each host's own way of deleting, as `pick` chooses it for the host. */
export function deleterByHost(pick: (host: string) => Deleter): Deleter {
  return {
    canUntag: async (repository) => pick(repository.host).canUntag(repository),
    deleteManifest: async (repository, digest) => pick(repository.host).deleteManifest(repository, digest),
    untag: async (repository, tag) => pick(repository.host).untag(repository, tag),
  };
}

export interface RetainOptions {
  catalog: Catalog;
  /** Publish registry instead of the catalog's (a mirror, the lab). */
  registry?: string;
  tagTemplate?: string;
  client: RegistryClient;
  deleter: Deleter;
  /** Plan and print; delete nothing, write nothing. */
  dryRun: boolean;
  now: Date;
  log: Logger;
  /**
   * Also every mirror the catalog names for an image (`<mirror>/<application>`),
   * with the same rules as the source: propagation copies what is published,
   * so the same versions are kept there.
   */
  includeMirrors?: boolean;
  /** Replaces the catalog's mirrors (the lab's second registry), as matrix-expand's `mirrors` does. */
  mirrors?: ReadonlyArray<Pick<Mirror, 'registry' | 'repository'>>;
  /** Proves a kept tag still verifies after the removals (cosign, with the publish job's identity or key). */
  verify: (image: string) => Promise<void>;
}

export interface RetainResult {
  plans: RepositoryPlan[];
  /** Repositories under the catalog's path that the catalog no longer names: nothing is removed from them. */
  unlisted: string[] | undefined;
  /** Actions done (none in a dry run). */
  done: RemovalAction[];
  /** Kept version tags read back and verified after the removals. */
  verified: string[];
}

/**
 * Retention for a whole catalog, one repository at a time (each image and
 * its debug twin): read the whole graph and retention's record, plan, print
 * the plan in full, and then (unless a dry run) write the plan into the
 * record as pending before deleting anything, delete, clear the record, and
 * read back and verify every kept version tag. A repository whose graph
 * cannot be read whole fails the run before anything anywhere is deleted.
 */
export async function retainVersions(options: RetainOptions): Promise<RetainResult> {
  const scheme = catalogScheme(options.catalog, options.tagTemplate !== undefined ? { tagTemplate: options.tagTemplate } : {});
  const { registry: host, base } = catalogBase(options.catalog, options.registry !== undefined ? { registry: options.registry } : {});
  const path = base.slice(host.length + 1);
  const today = options.now.toISOString().slice(0, 10);

  const prepared = [];
  for (const image of options.catalog.images) {
    const mirrors = options.includeMirrors ? (options.mirrors ?? image.mirrors ?? []) : [];
    for (const application of image.debug ? [image.name, debugApplication(image.name)] : [image.name]) {
      for (const place of [{ host, path }, ...mirrors.map((m) => ({ host: m.registry, path: m.repository }))]) {
        prepared.push(
          await prepare(options, { image, application, host: place.host, repository: `${place.path}/${application}`, scheme, today }),
        );
      }
    }
  }
  const known = new Set(prepared.filter((p) => p.host === host).map((p) => p.repository));

  const listed = await options.client.repositories(host, `${path}/`).catch(() => undefined);
  const unlisted = listed?.filter((name) => !known.has(name) && !name.slice(path.length + 1).includes('/'));
  for (const { plan } of prepared) printPlan(options.log, plan);
  for (const name of unlisted ?? []) {
    options.log.warning(
      `${host}/${name} is not in the catalog any more; retention removes nothing from it. To remove an image, mark it 'deprecated' with a 'remove-after' date instead of deleting it from the catalog.`,
    );
  }

  const result: RetainResult = { plans: prepared.map((p) => p.plan), unlisted, done: [], verified: [] };
  if (options.dryRun) {
    options.log.info('retain-versions: dry run; nothing removed');
    return result;
  }
  for (const { host, repository, plan, stored } of prepared) {
    if (plan.actions.length === 0 && sameState(stored.state, plan.next)) continue;
    const target = { host, path: repository };
    // The plan goes into the record first: a run that stops halfway is finished by the next one.
    const journal = await writeState(options.client, host, repository, { ...plan.next, pending: plan.actions }, stored.digest);
    for (const action of plan.actions) {
      if (action.action === 'delete') await options.deleter.deleteManifest(target, action.digest);
      else if ((await options.deleter.untag(target, action.tag)) === 'unsupported') {
        throw new Error(`${host}/${repository}: the registry refused to delete the single tag ${action.tag}`);
      }
      result.done.push(action);
      options.log.info(`removed ${describe(action, `${host}/${repository}`)}`);
    }
    await writeState(options.client, host, repository, plan.next, journal);
  }
  for (const { host, repository, plan } of prepared) {
    for (const tag of [...plan.kept.values()].flat()) {
      const found = await options.client.findManifest(host, repository, tag);
      if (found === undefined) throw new Error(`${host}/${repository}:${tag} is kept but no longer resolves after the removals`);
      await options.verify(`${host}/${repository}@${found.digest}`);
      result.verified.push(`${host}/${repository}:${tag}`);
    }
  }
  return result;
}

interface Place {
  image: CatalogImage;
  application: string;
  host: string;
  repository: string;
  scheme: TagScheme;
  today: string;
}

/** One repository read whole and planned: nothing is deleted anywhere until every one is. */
async function prepare(
  options: RetainOptions,
  place: Place,
): Promise<{ host: string; repository: string; plan: RepositoryPlan; stored: StoredState }> {
  const { image, application, host, repository, scheme } = place;
  const stored = await readState(options.client, host, repository);
  const extra = [
    ...stored.state.superseded.map((s) => s.digest),
    ...Object.values(stored.state.tags),
    ...stored.state.pending.flatMap((a) => (a.action === 'delete' ? [a.digest] : [])),
  ];
  const inventory = await readInventory(options.client, host, repository, scheme, extra);
  const plan = planRepository(
    inventory,
    {
      keep: image.keep,
      listed: listedTags(image, application, scheme),
      retired: isRetired(image, place.today),
      keepSupersededDays: image.keepSuperseded,
      // A dry run sends the registry nothing but reads, not even the harmless probe.
      canUntag: options.dryRun ? 'unknown' : await options.deleter.canUntag({ host, path: repository }),
    },
    stored.state,
    options.now,
  );
  return { host, repository, plan, stored };
}

/** The tags of the versions the catalog lists for this application (its debug twin has the same ones). */
function listedTags(image: CatalogImage, application: string, scheme: TagScheme): Set<string> {
  const tags = new Set<string>();
  for (const { version, variant } of listedBuilds(image))
    tags.add(scheme.formatTag({ ...tagFields(image, version, variant), application }));
  return tags;
}

function sameState(a: RepositoryPlan['next'], b: RepositoryPlan['next']): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function printPlan(log: Logger, plan: RepositoryPlan): void {
  const kept = [...plan.kept.values()].flat();
  const removed = [...plan.removed.values()].flat();
  log.info(`${plan.repository}: keeps ${kept.join(', ') || 'no version'}; removes ${removed.join(', ') || 'no version'}`);
  for (const action of plan.actions) log.info(`  plan: ${describe(action, plan.repository)}`);
  for (const item of plan.protected) log.info(`  protected: ${item.what}: ${item.why}`);
}

function describe(action: RemovalAction, repository: string): string {
  return action.action === 'delete'
    ? `${repository}@${short(action.digest)} (${action.why})`
    : `${repository}:${action.tag}, leaving ${short(action.digest)} (${action.why})`;
}
