import { type Changes, type DigestScan, findingKey, type RecordedFinding } from './model.js';

/**
 * What a rescan found that the last rescan of the same digest did not, what
 * it no longer finds, and the findings an ignore entry covered last time but
 * no longer does because the entry expired. With no last rescan, every
 * finding is new.
 */
export function compareScans(previous: DigestScan | undefined, current: DigestScan): Changes {
  const before = new Map((previous?.findings ?? []).map((f) => [findingKey(f), f]));
  const now = new Map(current.findings.map((f) => [findingKey(f), f]));
  const ignoredBefore = new Set((previous?.ignored ?? []).map((i) => i.key));
  const expiredIgnores = current.expired
    .filter((e) => previous === undefined || ignoredBefore.has(e.key))
    .flatMap((e) => {
      const finding = now.get(e.key);
      return finding ? [{ ...finding, expired: e.expires ?? '' }] : [];
    });
  return {
    ...(previous ? { since: previous.scannedAt } : {}),
    new: [...now].filter(([key]) => !before.has(key)).map(([, f]) => f),
    resolved: [...before].filter(([key]) => !now.has(key)).map(([, f]) => f),
    expiredIgnores,
  };
}

/** Whether two scans of a digest say the same thing (same findings, same gate, same ignores): nothing new to attest. */
export function sameResult(a: DigestScan, b: DigestScan): boolean {
  const keys = (list: readonly RecordedFinding[]) => list.map(findingKey).sort().join('\n');
  const sorted = (list: readonly string[]) => [...list].sort().join('\n');
  return (
    a.verdict === b.verdict &&
    a.policy.threshold === b.policy.threshold &&
    a.policy.ignoreUnfixed === b.policy.ignoreUnfixed &&
    keys(a.findings) === keys(b.findings) &&
    sorted(a.blocking) === sorted(b.blocking) &&
    sorted(a.ignored.map((i) => i.key)) === sorted(b.ignored.map((i) => i.key)) &&
    sorted(a.expired.map((e) => e.key)) === sorted(b.expired.map((e) => e.key))
  );
}
