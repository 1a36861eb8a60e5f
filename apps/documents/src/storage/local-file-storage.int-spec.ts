import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalFileStorage } from './local-file-storage';

describe('LocalFileStorage', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'files-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores, finds and replaces a file by key, leaving no temporary file behind', async () => {
    const storage = new LocalFileStorage(root);
    const key = 'tenant-1/invoice/doc-1.pdf';
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
    await storage.put(key, Buffer.from('first'));
    await storage.put(key, Buffer.from('second'));
    expect(await storage.exists(key)).toBe(true);
    expect((await storage.get(key))?.toString()).toBe('second');
    expect(await readdir(path.join(root, 'tenant-1', 'invoice'))).toEqual(['doc-1.pdf']);
  });

  it('refuses keys that could leave the root folder', async () => {
    const storage = new LocalFileStorage(root);
    await expect(storage.put('../escape.pdf', Buffer.from('x'))).rejects.toThrow('Invalid storage key');
    await expect(storage.get('/etc/passwd')).rejects.toThrow('Invalid storage key');
  });
});
