// Entry of the build-prebuilt action; the code is in the shared bundle.
import { actions } from '../_shared/index.js';
await actions['build-prebuilt']();
