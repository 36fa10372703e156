import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import semver from 'semver';
import { type Capability, DEFAULT_MAX_AGE_DAYS, type ImageMode } from '../catalog/model.js';
import { parseJson, UserError } from '../errors/index.js';
import { parseReference } from '../oci/index.js';
import { type BuildDefinition, ContextHasher, canonicalJson, type PlanEntry } from '../plan/index.js';

/** What a person gives build-prebuilt instead of a plan entry. */
export interface ManualBuild extends BuildDefinition {
  repository: string;
  mode: ImageMode;
  requires: Capability[];
  /** Names the registry cache tag; the repository's last path component when unset. */
  application?: string;
  buildId?: string;
}

/**
 * A plan entry for a build described by hand, so both ways into the action
 * take the same path. Without a given build id, the id is computed the way
 * matrix-expand computes it: over the context's files, the Dockerfile and the
 * resolved inputs, so an unchanged build carries an unchanged id.
 */
export function entryFromManual(build: ManualBuild, workspace: string): PlanEntry {
  const reference = parseReference(build.repository, "input 'repository'");
  if (reference.tag !== undefined || reference.digest !== undefined || build.repository.endsWith('/')) {
    throw new UserError({
      message: `input 'repository' is '${build.repository}', which is not a repository: the image is pushed by digest, never by tag.`,
      hint: 'Give registry/path/app, e.g. ghcr.io/org/images/tool, without a tag or digest.',
    });
  }
  const application = build.application ?? build.repository.split('/').pop() ?? build.repository;
  const dockerfile = build.dockerfile ?? join(build.context, 'Dockerfile');
  const buildId = build.buildId ?? manualBuildId(build, workspace, dockerfile);
  const entry: PlanEntry = {
    id: application,
    application,
    version: '',
    mode: build.mode,
    owner: '',
    context: build.context,
    dockerfile,
    buildArgs: build.buildArgs,
    platforms: build.platforms,
    repository: build.repository,
    tags: [],
    labels: build.labels,
    requires: build.requires,
    buildId,
    // A build described by hand is not planned: its bases are not resolved or pinned, and its id is its source's.
    sourceId: buildId,
    bases: [],
    maxAge: DEFAULT_MAX_AGE_DAYS,
    stage: 0,
    parents: [],
    publishedParents: [],
  };
  if (build.target !== undefined) entry.target = build.target;
  return entry;
}

function manualBuildId(build: ManualBuild, workspace: string, dockerfile: string): string {
  const hasher = new ContextHasher();
  const inputs = {
    context: hasher.context(resolve(workspace, build.context), resolve(workspace, dockerfile)),
    dockerfile: hasher.file(resolve(workspace, dockerfile)),
    target: build.target ?? null,
    buildArgs: build.buildArgs,
    platforms: build.platforms,
    labels: build.labels,
  };
  return `sha256:${createHash('sha256').update(canonicalJson(inputs)).digest('hex')}`;
}

/**
 * The `requires` input: a JSON array in the catalog's own form,
 * `[{"binary": "/usr/bin/python3"}, {"file": "/etc/ssl/certs/ca-certificates.crt"}, {"package": "python3.11-minimal", "version": ">=3.11 <3.12"}]`.
 */
export function parseRequires(text: string, input: string): Capability[] {
  if (text.trim() === '') return [];
  const fail = (why: string): never => {
    throw new UserError({
      message: `input '${input}' ${why}.`,
      hint: `Write a JSON array as the catalog does, e.g. [{"binary": "/usr/bin/python3"}, {"package": "openssl", "version": ">=3"}].`,
    });
  };
  const value = parseJson(text, () => fail('is not JSON'));
  if (!Array.isArray(value)) return fail('is not a JSON array');
  return value.map((item: unknown, index): Capability => {
    const raw = (item ?? {}) as Record<string, unknown>;
    const string = (key: string) => (typeof raw[key] === 'string' && raw[key] !== '' ? (raw[key] as string) : undefined);
    const binary = string('binary');
    const file = string('file');
    const name = string('package');
    const version = string('version');
    if (binary?.startsWith('/')) return { kind: 'binary', path: binary };
    if (file?.startsWith('/')) return { kind: 'file', path: file };
    if (name !== undefined) {
      if (version !== undefined && semver.validRange(version) === null)
        return fail(`item ${index + 1}: '${version}' is not a version range`);
      return version !== undefined ? { kind: 'package', name, range: version } : { kind: 'package', name };
    }
    return fail(`item ${index + 1} is not {"binary": "/abs/path"}, {"file": "/abs/path"} or {"package": "name", "version": "range"}`);
  });
}

/** `KEY=VALUE` items (build args, labels, secrets); the first `=` splits, the value may hold more. */
export function parseKeyValues(items: readonly string[], input: string, options: { secret?: boolean } = {}): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [index, item] of items.entries()) {
    const equals = item.indexOf('=');
    if (equals <= 0) {
      // A secret's line is never echoed, not even in part.
      const shown = options.secret ? `item ${index + 1}` : `'${item.length > 40 ? `${item.slice(0, 40)}...` : item}'`;
      throw new UserError({ message: `input '${input}' has ${shown}, which is not KEY=VALUE.`, hint: 'Write one KEY=VALUE per line.' });
    }
    record[item.slice(0, equals).trim()] = item.slice(equals + 1);
  }
  return record;
}
