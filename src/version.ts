import { readFileSync } from 'node:fs';
import { repoPath } from './root.ts';

export const VERSION: string = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;
