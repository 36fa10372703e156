// Entry of the sign-with-cosign action; the code is in the shared bundle.
import { actions } from '../_shared/index.js';
await actions['sign-with-cosign']();
