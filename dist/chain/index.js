// Entry of the chain action; the code is in the shared bundle.
import { actions } from '../_shared/index.js';
await actions['chain']();
