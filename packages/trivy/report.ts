import { isSeverity, type Severity } from './severity.js';

/** One vulnerability trivy found in one package of one target (an OS, a lock file). */
export interface Finding {
  id: string;
  pkg: string;
  installedVersion: string;
  /** Absent when no fixed version exists. */
  fixedVersion?: string;
  severity: Severity;
  title?: string;
  /** The advisory's page; trivy leaves it empty for advisories it has no page for. */
  url?: string;
  /** trivy's `Target`: `<image> (debian 12.15)`, `app/package-lock.json`. */
  target: string;
  /** trivy's status: `fixed`, `affected`, `will_not_fix`, ... */
  status?: string;
}

export function isFixable(finding: Pick<Finding, 'fixedVersion'>): boolean {
  return finding.fixedVersion !== undefined && finding.fixedVersion !== '';
}

/** A package trivy listed (`--list-all-pkgs`), whatever its findings. */
export interface ReportedPackage {
  name: string;
  version: string;
  /** trivy's `Class`: `os-pkgs` or `lang-pkgs`. */
  class: string;
  /** trivy's `Type`: `debian`, `alpine`, `redhat`, `python-pkg`, `node-pkg`, ... */
  type: string;
  /** The files trivy attributes to it (OS packages with file lists). */
  installedFiles: string[];
}

/** The fields of trivy's JSON report (SchemaVersion 2) this action reads. */
interface TrivyJson {
  SchemaVersion?: number;
  ArtifactName?: string;
  Metadata?: { OS?: { Family?: string; Name?: string } | null } | null;
  Results?: Array<{
    Target?: string;
    Class?: string;
    Type?: string;
    Packages?: Array<{ Name?: string; Version?: string; InstalledFiles?: string[] | null }> | null;
    Vulnerabilities?: Array<{
      VulnerabilityID?: string;
      PkgName?: string;
      InstalledVersion?: string;
      FixedVersion?: string;
      Severity?: string;
      Title?: string;
      PrimaryURL?: string;
      Status?: string;
    }> | null;
  }> | null;
}

export interface ScanReport {
  artifact: string;
  findings: Finding[];
  /** The OS trivy detected; undefined when it detected none (`Family: none`). */
  os?: { family: string; name: string };
  /** Every package trivy listed: what the scan looked at. */
  packages: ReportedPackage[];
}

/**
 * trivy's JSON report, reduced to findings. This report is the gate's only
 * input: whatever other formats were asked for, they are rendered from it,
 * so they can never change the verdict.
 */
export function parseReport(text: string, source: string): ScanReport {
  let json: TrivyJson;
  try {
    json = JSON.parse(text) as TrivyJson;
  } catch (thrown: unknown) {
    throw new Error(`${source} is not JSON: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
  }
  if (json.SchemaVersion !== 2) {
    throw new Error(`${source} has SchemaVersion ${String(json.SchemaVersion)}; this action reads trivy's JSON report version 2`);
  }
  const findings: Finding[] = [];
  const packages: ReportedPackage[] = [];
  for (const result of json.Results ?? []) {
    for (const vuln of result.Vulnerabilities ?? []) {
      findings.push(toFinding(vuln, result.Target ?? ''));
    }
    for (const pkg of result.Packages ?? []) {
      packages.push({
        name: pkg.Name ?? '',
        version: pkg.Version ?? '',
        class: result.Class ?? '',
        type: result.Type ?? '',
        installedFiles: pkg.InstalledFiles ?? [],
      });
    }
  }
  const family = json.Metadata?.OS?.Family;
  const report: ScanReport = { artifact: json.ArtifactName ?? '', findings, packages };
  if (family && family !== 'none') report.os = { family, name: json.Metadata?.OS?.Name ?? '' };
  return report;
}

type TrivyVulnerability = NonNullable<NonNullable<NonNullable<TrivyJson['Results']>[number]['Vulnerabilities']>[number]>;

function toFinding(vuln: TrivyVulnerability, target: string): Finding {
  const severity = vuln.Severity !== undefined && isSeverity(vuln.Severity) ? vuln.Severity : 'UNKNOWN';
  const finding: Finding = {
    id: vuln.VulnerabilityID ?? '',
    pkg: vuln.PkgName ?? '',
    installedVersion: vuln.InstalledVersion ?? '',
    severity,
    target,
  };
  if (vuln.FixedVersion) finding.fixedVersion = vuln.FixedVersion;
  if (vuln.Title) finding.title = vuln.Title;
  const url = vuln.PrimaryURL || advisoryUrl(finding.id);
  if (url) finding.url = url;
  if (vuln.Status) finding.status = vuln.Status;
  return finding;
}

/** A page for well-known id schemes when trivy gives none. */
export function advisoryUrl(id: string): string | undefined {
  if (/^CVE-\d{4}-\d+$/.test(id)) return `https://nvd.nist.gov/vuln/detail/${id}`;
  if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/.test(id)) return `https://github.com/advisories/${id}`;
  return undefined;
}
