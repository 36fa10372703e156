// Entry of the verify-tag-scheme action; the code is in the shared bundle.
import { actions } from '../_shared/index.js';
await actions['verify-tag-scheme']();
