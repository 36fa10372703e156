import type { ImageVerdict } from './gate.js';
import { type Finding, isFixable } from './report.js';
import type { Severity } from './severity.js';

/** What a SARIF run needs to know about one scanned platform image. */
export interface SarifImage {
  /** `registry/repository@sha256:...` of what trivy scanned (the platform manifest). */
  image: string;
  /** `linux/arm64`: each platform has a run, and a category, of its own. */
  platform?: string;
  /** The findings trivy reported (from the JSON report). */
  findings: readonly Finding[];
  verdict: ImageVerdict;
  toolVersion: string;
  /** Set when the scanner saw less than the image holds: the run says so, as a failed tool execution. */
  unscannable?: string;
  /** The run's code-scanning category; sarifCategory(image) when absent. */
  category?: string;
}

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub ranks alerts by `security-severity` (a CVSS-like score as a string). */
const SECURITY_SEVERITY: Record<Severity, string> = { CRITICAL: '9.5', HIGH: '8.0', MEDIUM: '5.5', LOW: '2.0', UNKNOWN: '0.0' };
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  UNKNOWN: 'note',
};

/**
 * One SARIF log, one run per platform image. GitHub code scanning keeps the
 * alerts of each `automationDetails.id` category apart, so several images (or
 * platforms) uploaded in one file never close each other's alerts. Written
 * from the JSON report, not by trivy's SARIF mode, so it shows exactly the
 * findings the gate saw, ignored ones marked as suppressed.
 */
export function toSarif(images: readonly SarifImage[]): object {
  return { $schema: SCHEMA, version: '2.1.0', runs: images.map(toRun) };
}

/** `scan-with-trivy/<repository path>/[<platform>/]`: distinct per image and platform, stable across digests. */
export function sarifCategory(image: string, platform?: string): string {
  const repository = (image.split('@')[0] ?? image).replace(/:\d+\//, '/');
  const path = platform !== undefined ? `${repository}/${platform}` : repository;
  return `scan-with-trivy/${path.replace(/[^A-Za-z0-9._/-]/g, '-')}/`;
}

function toRun(scan: SarifImage): object {
  const ruleIds: string[] = [];
  const rules: object[] = [];
  for (const finding of scan.findings) {
    if (ruleIds.includes(finding.id)) continue;
    ruleIds.push(finding.id);
    rules.push(toRule(finding));
  }
  const suppressed = new Map(scan.verdict.ignored.map((i) => [i.finding, i.entry]));
  const blocking = new Set(scan.verdict.blocking);
  return {
    tool: {
      driver: { name: 'Trivy', informationUri: 'https://trivy.dev/', version: scan.toolVersion.replace(/^v/, ''), rules },
    },
    automationDetails: { id: scan.category ?? sarifCategory(scan.image, scan.platform) },
    ...(scan.platform !== undefined ? { properties: { platform: scan.platform } } : {}),
    ...(scan.unscannable !== undefined
      ? {
          invocations: [
            {
              executionSuccessful: false,
              toolExecutionNotifications: [{ level: 'error', message: { text: `unscannable: ${scan.unscannable}` } }],
            },
          ],
        }
      : {}),
    results: scan.findings.map((finding) => {
      const entry = suppressed.get(finding);
      return {
        ruleId: finding.id,
        ruleIndex: ruleIds.indexOf(finding.id),
        level: LEVEL[finding.severity],
        message: { text: describe(finding, scan.platform !== undefined ? `${scan.image} (${scan.platform})` : scan.image) },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: artifactUri(scan.image) }, region: { startLine: 1 } },
            message: { text: finding.target },
          },
        ],
        partialFingerprints: { imagePackageVulnerability: `${finding.pkg}@${finding.installedVersion}/${finding.id}` },
        properties: { blocking: blocking.has(finding), fixable: isFixable(finding) },
        ...(entry ? { suppressions: [{ kind: 'external', status: 'accepted', justification: entry.reason }] } : {}),
      };
    }),
  };
}

function toRule(finding: Finding): object {
  const summary = finding.title ?? `${finding.id} in ${finding.pkg}`;
  return {
    id: finding.id,
    name: finding.id.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: summary },
    fullDescription: { text: summary },
    ...(finding.url ? { helpUri: finding.url } : {}),
    help: {
      text: `${finding.id}: ${summary}${finding.url ? ` (${finding.url})` : ''}`,
      markdown: `**${finding.id}**: ${summary}${finding.url ? ` ([advisory](${finding.url}))` : ''}`,
    },
    properties: { 'security-severity': SECURITY_SEVERITY[finding.severity], tags: ['security', 'vulnerability', finding.severity] },
  };
}

function describe(finding: Finding, image: string): string {
  const fix = isFixable(finding) ? `fixed in ${finding.fixedVersion}` : 'no fixed version';
  return `${finding.severity} ${finding.id} in ${finding.pkg} ${finding.installedVersion} (${fix}) in ${image}`;
}

/** A relative, scheme-less path that names the image: code scanning needs a location, and images have no file. */
function artifactUri(image: string): string {
  return (image.split('@')[0] ?? image).replace(/^[^/]*[.:][^/]*\//, '');
}
