import { runAction } from '../../_common/run-action.js';
import { spec } from './spec.js';

export async function main(): Promise<void> {
  await runAction(spec, async ({ inputs }) => {
    inputs.string('images', { required: true });
    inputs.boolean('fixable-only', false);
    throw new Error('scan-with-trivy is not built yet');
  });
}
