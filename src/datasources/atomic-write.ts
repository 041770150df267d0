import fs from 'node:fs';
import path from 'node:path';

/**
 * Replaces `file` with `data` so that a crash at any moment leaves either
 * the old or the new content, never a mix: the data goes to `<file>.tmp`,
 * is fsynced, renamed over the target, and the directory is fsynced so the
 * rename itself survives a power loss. The file is created with mode 0600.
 */
export async function writeFileAtomic(
  file: string,
  data: string,
): Promise<void> {
  const temp = tempFileOf(file);
  try {
    const handle = await fs.promises.open(temp, 'w', 0o600);
    try {
      // A temp file left by an older version may carry a wider mode.
      await handle.chmod(0o600);
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temp, file);
  } catch (err) {
    await fs.promises.rm(temp, {force: true}).catch(() => {});
    throw err;
  }
  await syncDirectory(path.dirname(file));
}

/** The temp file a write goes through; never read, so a leftover is harmless. */
export function tempFileOf(file: string): string {
  return `${file}.tmp`;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } catch (err) {
    // Some platforms (Windows) cannot fsync a directory; the rename is
    // still atomic there, only its durability across power loss is weaker.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw err;
  } finally {
    await handle.close();
  }
}
