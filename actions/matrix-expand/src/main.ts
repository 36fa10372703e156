import { runAction } from '../../_common/run-action.js';
import { spec } from './spec.js';

export async function main(): Promise<void> {
  await runAction(spec, async ({ inputs }) => {
    inputs.string('catalog', { required: true });
    inputs.boolean('per-platform', false);
    throw new Error('matrix-expand is not built yet');
  });
}
