/** trivy's severities, lowest first: the order the gate compares them in. */
export const SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export function rank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return rank(severity) >= rank(threshold);
}

export type SeverityCounts = Record<Severity, number>;

export function zeroCounts(): SeverityCounts {
  return { UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };
}

export function addCounts(into: SeverityCounts, from: SeverityCounts): SeverityCounts {
  for (const severity of SEVERITIES) into[severity] += from[severity];
  return into;
}
