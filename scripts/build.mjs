// Compiles apps/, libs/, bench/ and drills/ to dist/ with SWC (about a second for the whole tree).
// Only files newer than their output are compiled again.
import { transformFile } from '@swc/core';
import { createRequire } from 'node:module';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(import.meta.url);
const swcConfig = require('./swc-config.cjs');
const root = swcConfig.root;
const sources = ['apps', 'libs', 'bench', 'drills'];

async function* walk(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.d.ts') &&
      !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)
    )
      yield full;
  }
}

async function mtime(file) {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

const started = Date.now();
let compiled = 0;
const jobs = [];
for (const top of sources) {
  for await (const file of walk(path.join(root, top))) {
    const rel = path.relative(root, file);
    const out = path.join(root, 'dist', rel.replace(/\.ts$/, '.js'));
    jobs.push(
      (async () => {
        if ((await mtime(out)) >= (await mtime(file))) return;
        const result = await transformFile(file, {
          ...swcConfig(),
          filename: file,
          sourceFileName: path.relative(path.dirname(out), file),
        });
        await mkdir(path.dirname(out), { recursive: true });
        await writeFile(out, result.code + `\n//# sourceMappingURL=${path.basename(out)}.map\n`);
        await writeFile(out + '.map', result.map ?? '');
        compiled++;
      })(),
    );
  }
}
await Promise.all(jobs);
if (compiled > 0) console.log(`build: ${compiled} file(s) compiled in ${Date.now() - started} ms`);
