import { type ImageTestReport, testImage } from '../image-tests/index.js';
import type { Logger } from '../logging/index.js';
import type { PlanEntry } from '../plan/entry.js';
import type { CommandRunner } from '../process/index.js';
import type { RegistryClient } from '../registry/index.js';

export interface TestStepConfig {
  runner: CommandRunner;
  log: Logger;
  /** The docker CLI; its engine pulls and runs each platform image. */
  docker: string;
  /** Resolves the pushed index to its platform manifests. */
  registry: RegistryClient;
}

/** The image-tests room for one plan entry: its tests on the digest its build pushed. */
export function testStep(config: TestStepConfig): (entry: PlanEntry, image: string) => Promise<ImageTestReport> {
  return (entry, image) => testImage(config, { id: entry.id, mode: entry.mode, tests: entry.tests ?? [] }, image);
}
