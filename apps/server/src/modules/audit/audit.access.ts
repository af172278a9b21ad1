/** Access-matrix expectations for the audit report (see testing/access-matrix.ts). */
import { listOf, noParams, type ModuleAccess } from '../../testing/access-matrix.js';

export const access: ModuleAccess = {
  expectations: {
    'GET /api/v1/audit-events': { build: noParams, expect: listOf(['admin']) },
    'GET /api/v1/audit-events/export': { build: noParams, expect: listOf(['admin']) },
  },
};
