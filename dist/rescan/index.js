// Entry of the rescan action; the code is in the shared bundle.
import { actions } from '../_shared/index.js';
await actions['rescan']();
