// Entry of the matrix-expand action; the code is in the shared bundle.
import { actions } from '../_shared/index.js';
await actions['matrix-expand']();
