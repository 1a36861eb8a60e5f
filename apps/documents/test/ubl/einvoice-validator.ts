import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The official e-invoice validator (`../shared/einvoice/bin/validate.sh`: UBL 2.1 XSD, the
 * EN 16931 or CIUS-RO Schematron, and a strict arithmetic check), run on many files in ONE call:
 * each call starts Java and Saxon, which costs seconds, so tests batch every file they make.
 *
 * Found at `$EINVOICE_DIR` or at `../shared/einvoice` next to the repository (CI clones it there).
 * Needs `xmllint` (libxml2-utils), Saxon-HE (libsaxonhe-java), java and python3.
 */
export function einvoiceDir(): string {
  const repoRoot = resolve(__dirname, '../../../..');
  return process.env.EINVOICE_DIR ?? resolve(repoRoot, '../shared/einvoice');
}

export interface ValidationRun {
  /** 0 all passed; 1 XSD or official rule failed; 3 only the strict arithmetic check failed. */
  exitCode: number;
  /** stdout and stderr of the validator, one section per file. */
  output: string;
  files: string[];
  durationMs: number;
}

export interface XmlFile {
  /** File name without directory, such as `storno.xml`. */
  name: string;
  xml: string;
}

/** Writes the files to a fresh temporary directory, validates them all in one call, cleans up. */
export async function validateEinvoices(
  files: readonly XmlFile[],
  options: { ro: boolean } = { ro: true },
): Promise<ValidationRun> {
  const script = join(einvoiceDir(), 'bin/validate.sh');
  if (!existsSync(script)) {
    throw new Error(`The e-invoice validator is missing: ${script} (set EINVOICE_DIR to its folder)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'ubl-validate-'));
  try {
    const paths: string[] = [];
    for (const file of files) {
      const path = join(dir, file.name);
      await writeFile(path, file.xml, 'utf8');
      paths.push(path);
    }
    const args = [...(options.ro ? ['--ro'] : []), ...paths];
    const started = performance.now();
    const { exitCode, output } = await run(script, args, { ...process.env, ORACLE_OUT: join(dir, 'oracle') });
    return { exitCode, output, files: paths, durationMs: Math.round(performance.now() - started) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ exitCode: number; output: string }> {
  return new Promise((done) => {
    execFile(command, args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ exitCode: code, output: `${stdout}${stderr}` });
    });
  });
}
