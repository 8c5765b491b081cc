// n8n-core writes its instance settings under N8N_USER_FOLDER (default ~/.n8n): keep tests out of the home folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'odoo-sync-test-'));
