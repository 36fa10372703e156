import { runAction } from '../../_common/run-action.js';
import { spec } from './spec.js';

export async function main(): Promise<void> {
  await runAction(spec, async ({ inputs }) => {
    inputs.string('context', { required: true });
    inputs.boolean('push', false);
    throw new Error('build-prebuilt is not built yet');
  });
}
