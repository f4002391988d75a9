/**
 * Where Angular's production build puts the browser files, read from
 * angular.json (`outputPath`), so the server follows the workspace's setting.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../lib/data-paths';

export function uiBuildDir(root = REPO_ROOT): string {
  try {
    const workspace = JSON.parse(readFileSync(join(root, 'angular.json'), 'utf8'));
    const project = Object.values(workspace.projects ?? {})[0] as { architect?: { build?: { options?: { outputPath?: unknown } } } };
    const outputPath = project?.architect?.build?.options?.outputPath;
    if (typeof outputPath === 'string') return join(root, outputPath, 'browser');
    if (outputPath && typeof outputPath === 'object') {
      const { base, browser } = outputPath as { base: string; browser?: string };
      return join(root, base, browser ?? 'browser');
    }
  } catch {
    // No workspace file: fall back to Angular's default layout below.
  }
  return join(root, 'dist', 'browser');
}

export function uiIsBuilt(dir = uiBuildDir()): boolean {
  return existsSync(join(dir, 'index.html'));
}
