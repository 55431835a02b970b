/** The path of the machine's pristine PGlite cluster (see pglite-template.mjs), created on first use. */
export function pgliteTemplate(): Promise<string>;
/** Copies the pristine cluster into dir unless dir already holds one; resolves to dir. */
export function seedPgliteDir(dir: string): Promise<string>;
