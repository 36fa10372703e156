// Entry of the scan-with-trivy action; the code is in the shared bundle.
import { actions } from '../_shared/index.js';
await actions['scan-with-trivy']();
