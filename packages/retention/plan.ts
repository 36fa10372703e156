import { compareVersions } from '../tags/index.js';
import type { RepositoryInventory, TagKind } from './inventory.js';

/** What retention remembers of a repository between runs (kept in the repository itself, see state.ts). */
export interface RetentionState {
  /** The digest each version tag named when retention last looked: how it sees that a rebuild moved a tag. */
  tags: Record<string, string>;
  /** Digests a rebuild moved a tag away from, since when (ISO 8601), kept for the grace period. */
  superseded: Array<{ digest: string; tag: string; since: string }>;
  /** Removals planned by a run that did not finish: the next run completes them (unless something now names them). */
  pending: RemovalAction[];
}

export const EMPTY_STATE: RetentionState = { tags: {}, superseded: [], pending: [] };

/** One step of a removal, in the order the run takes them. */
export type RemovalAction =
  | { action: 'delete'; digest: string; why: string }
  /** Remove one tag and leave its digest, which a kept tag shares. */
  | { action: 'untag'; tag: string; digest: string; why: string };

export interface StreamPolicy {
  /** Versions kept per stream. */
  keep: number;
  /** Tags of the versions the catalog lists now: never removed. */
  listed: ReadonlySet<string>;
  /** A deprecated image past its remove-after date: nothing of it is kept. */
  retired: boolean;
  /** Days a superseded digest is kept. */
  keepSupersededDays: number;
  /** Whether the registry can remove a single tag (the OCI tag-deletion API); `unknown` in a dry run, which asks it nothing. */
  canUntag: boolean | 'unknown';
}

export interface Protection {
  what: string;
  why: string;
}

export interface RepositoryPlan {
  repository: string;
  /** Version tags kept, per stream, newest first. */
  kept: Map<string, string[]>;
  /** Version tags removed, per stream. */
  removed: Map<string, string[]>;
  /** What was left alone and why: foreign tags, caches, shared digests, superseded digests in their grace period. */
  protected: Protection[];
  /** The removals, in order: attachments, then the manifest, then its platform manifests. */
  actions: RemovalAction[];
  /** Everything a kept tag needs: never deleted. */
  keptDigests: Set<string>;
  /** The record to write when the run is done. */
  next: RetentionState;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Decides, from a repository's whole graph, what retention keeps and
 * removes. Pure: the same graph, state and clock give the same plan.
 *
 * Kept: per stream the `keep` newest versions (semver order of version, then
 * variant version) and every listed one; every tag outside the scheme; the
 * build cache; and everything any of those needs (an index's platform
 * manifests, signatures, attestations). Removed: the other version tags,
 * untagged where their digest is shared, deleted with their attachments and
 * platform manifests where it is not; and superseded digests past their
 * grace period. Nothing a kept tag needs is ever in `actions`.
 */
export function planRepository(inventory: RepositoryInventory, policy: StreamPolicy, state: RetentionState, now: Date): RepositoryPlan {
  const plan: RepositoryPlan = {
    repository: `${inventory.host}/${inventory.repository}`,
    kept: new Map(),
    removed: new Map(),
    protected: [],
    actions: [],
    keptDigests: new Set(),
    next: { tags: {}, superseded: [], pending: [] },
  };
  const keptTags = new Set<string>();
  for (const [stream, tags] of streams(inventory)) {
    const keep = policy.retired ? [] : tags.filter((t, i) => i < policy.keep || policy.listed.has(t.tag)).map((t) => t.tag);
    plan.kept.set(stream, keep);
    plan.removed.set(
      stream,
      tags.map((t) => t.tag).filter((t) => !keep.includes(t)),
    );
    for (const tag of keep) keptTags.add(tag);
  }
  for (const [tag, { kind }] of inventory.tags) {
    if (kind.kind === 'foreign') {
      keptTags.add(tag);
      plan.protected.push({ what: `:${tag}`, why: 'not a version of the tag scheme' });
    } else if (kind.kind === 'cache' || kind.kind === 'state') {
      keptTags.add(tag);
      plan.protected.push({ what: `:${tag}`, why: kind.kind === 'cache' ? 'the build cache' : "retention's own record" });
    }
  }
  for (const tag of keptTags) closure(inventory, inventory.tags.get(tag)?.digest ?? '', plan.keptDigests);
  // A signature or attestation of anything kept is kept too: closure() follows attachments.

  const removedTags = new Set([...plan.removed.values()].flat());
  const rooted = new Set<string>();
  for (const tag of removedTags) {
    const digest = inventory.tags.get(tag)?.digest ?? '';
    if (plan.keptDigests.has(digest)) {
      const sharer = [...keptTags].find((t) => inventory.tags.get(t)?.digest === digest) ?? 'a kept image';
      if (policy.canUntag === 'unknown') {
        plan.actions.push({
          action: 'untag',
          tag,
          digest,
          why: `${tag} is not kept; its digest stays for :${sharer} (where the registry can delete a single tag)`,
        });
      } else if (policy.canUntag)
        plan.actions.push({ action: 'untag', tag, digest, why: `${tag} is not kept; its digest stays for :${sharer}` });
      else
        plan.protected.push({
          what: `:${tag}`,
          why: `shares ${short(digest)} with :${sharer}, and this registry cannot delete a single tag`,
        });
      continue;
    }
    if (!rooted.has(digest)) {
      rooted.add(digest);
      removeWithAttachments(
        inventory,
        digest,
        `${tag} is past keep ${policy.keep}${policy.retired ? ' (deprecated and past remove-after)' : ''}`,
        plan,
      );
    }
  }

  // Superseded digests: remembered from earlier runs, plus tags a rebuild moved since the last one.
  const superseded = [...state.superseded];
  for (const [tag, { digest, kind }] of inventory.tags) {
    const before = state.tags[tag];
    if (kind.kind === 'version' && before !== undefined && before !== digest && !superseded.some((s) => s.digest === before)) {
      superseded.push({ digest: before, tag, since: now.toISOString() });
    }
  }
  for (const entry of superseded) {
    if (plan.keptDigests.has(entry.digest) || !inventory.nodes.has(entry.digest)) continue;
    const until = new Date(Date.parse(entry.since) + policy.keepSupersededDays * DAY_MS);
    const versionGone = removedTags.has(entry.tag) || !inventory.tags.has(entry.tag);
    if (versionGone || now >= until) {
      if (!rooted.has(entry.digest)) {
        rooted.add(entry.digest);
        const why = versionGone
          ? `superseded digest of ${entry.tag}, which is removed`
          : `superseded as :${entry.tag} on ${entry.since.slice(0, 10)}, past the ${policy.keepSupersededDays}-day grace period`;
        removeWithAttachments(inventory, entry.digest, why, plan);
      }
      continue;
    }
    plan.protected.push({
      what: short(entry.digest),
      why: `superseded as :${entry.tag} on ${entry.since.slice(0, 10)}; kept until ${until.toISOString().slice(0, 10)} (keep-superseded ${policy.keepSupersededDays} days)`,
    });
    plan.next.superseded.push(entry);
  }

  // Removals an earlier run planned but did not finish, unless something kept now needs them.
  const planned = new Set(plan.actions.map(actionKey));
  for (const action of state.pending) {
    if (planned.has(actionKey(action))) continue;
    if (action.action === 'delete' && plan.keptDigests.has(action.digest)) continue;
    if (action.action === 'untag' && keptTags.has(action.tag)) continue;
    plan.actions.push({ ...action, why: `${action.why} (left by an earlier run)` });
  }
  for (const tag of inventory.unaccounted)
    plan.protected.push({ what: `:${tag}`, why: 'attached to a digest nothing here names; not removed' });

  for (const tag of keptTags) {
    const entry = inventory.tags.get(tag);
    if (entry?.kind.kind === 'version') plan.next.tags[tag] = entry.digest;
  }
  return plan;
}

function actionKey(action: RemovalAction): string {
  return action.action === 'delete' ? `delete ${action.digest}` : `untag ${action.tag}`;
}

/** Version tags by stream, newest first. */
function streams(inventory: RepositoryInventory): Map<string, Array<{ tag: string; kind: Extract<TagKind, { kind: 'version' }> }>> {
  const byStream = new Map<string, Array<{ tag: string; kind: Extract<TagKind, { kind: 'version' }> }>>();
  for (const [tag, { kind }] of inventory.tags) {
    if (kind.kind !== 'version') continue;
    byStream.set(kind.stream, [...(byStream.get(kind.stream) ?? []), { tag, kind }]);
  }
  for (const tags of byStream.values()) {
    tags.sort((a, b) => compareVersions(b.kind.version, a.kind.version) || compareVersions(b.kind.variantVersion, a.kind.variantVersion));
  }
  return byStream;
}

/** A digest and everything it needs: its platform manifests and its attachments, transitively. */
function closure(inventory: RepositoryInventory, digest: string, into: Set<string>): void {
  if (digest === '' || into.has(digest)) return;
  into.add(digest);
  const node = inventory.nodes.get(digest);
  if (!node) return;
  for (const next of [...node.children, ...node.attachments]) closure(inventory, next, into);
}

/**
 * The removal of one digest, in an order that never leaves a kept thing
 * broken: its attachments first (so no signature outlives its subject in the
 * registry's view), then the digest, then its platform manifests. Anything a
 * kept tag needs is skipped.
 */
function removeWithAttachments(inventory: RepositoryInventory, digest: string, why: string, plan: RepositoryPlan): void {
  const seen = new Set<string>();
  const walk = (current: string, reason: string): void => {
    if (seen.has(current) || plan.keptDigests.has(current)) return;
    seen.add(current);
    const node = inventory.nodes.get(current);
    for (const attachment of node?.attachments ?? []) walk(attachment, `attached to ${short(current)}`);
    if (node) plan.actions.push({ action: 'delete', digest: current, why: reason });
    for (const child of node?.children ?? []) {
      if (plan.keptDigests.has(child))
        plan.protected.push({ what: short(child), why: `a platform manifest of ${short(current)} that a kept image shares` });
      else walk(child, `a platform manifest of ${short(current)}`);
    }
  };
  walk(digest, why);
}

export function short(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}
