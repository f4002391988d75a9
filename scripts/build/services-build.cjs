/**
 * The services as plain JavaScript: `npm start` runs them with `node`, without
 * a TypeScript loader in any process (tsx costs each one tens of MB and start-up
 * time). Each entry point is bundled with esbuild into build/services/ (the
 * packages in node_modules stay outside the bundle, loaded by node as usual).
 *
 * Fresh means: the bundles exist and no source file they were built from has
 * changed since (esbuild's own list of inputs is kept beside them), so an edit
 * to any service is picked up by the next `npm start`.
 *
 * Plain CommonJS on purpose: the launcher (scripts/launch.cjs) runs it before
 * anything is compiled.
 */
const { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

/** The checkout: the nearest folder above with a package.json (this file may be bundled elsewhere). */
function findRepoRoot(from) {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return join(from, '..', '..');
  }
}

const REPO_ROOT = findRepoRoot(__dirname);
const SERVICES_DIR = join(REPO_ROOT, 'build', 'services');
const MANIFEST = join(SERVICES_DIR, 'inputs.json');

/**
 * Output (under build/services) -> TypeScript entry point: the supervisor, and
 * every service, found as scripts/<service>/main.ts (a new service is compiled
 * without being named here).
 */
function entryPoints() {
  const entries = { start: 'scripts/start.ts' };
  const folders = readdirSync(join(REPO_ROOT, 'scripts'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const name of folders.map((folder) => folder.name).sort()) {
    if (existsSync(join(REPO_ROOT, 'scripts', name, 'main.ts'))) entries[`${name}/main`] = `scripts/${name}/main.ts`;
  }
  return entries;
}

/** The compiled file of an entry, e.g. compiledPath('chain/main'). */
function compiledPath(name) {
  return join(SERVICES_DIR, `${name}.js`);
}

function servicesAreFresh() {
  if (!existsSync(MANIFEST)) return false;
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return false;
  }
  const entries = entryPoints();
  if (Object.keys(entries).some((name) => !existsSync(compiledPath(name)))) return false;
  if (JSON.stringify(manifest.entryPoints) !== JSON.stringify(entries)) return false;
  return manifest.inputs.every((input) => {
    try {
      return statSync(join(REPO_ROOT, input)).mtimeMs <= manifest.builtAtMs;
    } catch {
      return false; // a source file is gone: build again, and say what is missing
    }
  });
}

/** Bundles every entry point; throws esbuild's errors (type errors are not its business: tsc's). */
function buildServices() {
  const esbuild = require('esbuild');
  const builtAtMs = Date.now();
  const entries = entryPoints();
  const result = esbuild.buildSync({
    absWorkingDir: REPO_ROOT,
    entryPoints: entries,
    outdir: SERVICES_DIR,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Packages load from node_modules as in the sources, but for ethers: bundled from its ES
    // modules, only what a service uses is kept (the supervisor checks addresses and needs
    // 1/5 of it, for about 15 MB less memory).
    external: externalPackages(),
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'error',
  });
  // buildSync leaves a worker thread and esbuild's own process (about 100 MB) running for
  // the next call; there is none in `npm start`, which goes on to supervise for days.
  esbuild.stop();
  mkdirSync(SERVICES_DIR, { recursive: true });
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules'));
  writeFileSync(MANIFEST, JSON.stringify({ builtAtMs, entryPoints: entries, inputs }, null, 2) + '\n');
  return { ms: Date.now() - builtAtMs, inputs: inputs.length };
}

/** Every package the project names but ethers, each with its subpaths. */
function externalPackages() {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter((name) => name !== 'ethers');
  return names.flatMap((name) => [name, `${name}/*`]);
}

module.exports = { SERVICES_DIR, entryPoints, compiledPath, servicesAreFresh, buildServices };
