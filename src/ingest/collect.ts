// Turns what the user gave (a drop, a folder picker, loose files) into a flat list of files with their
// paths and class labels. Layout convention: <root>/<class>/…/<image>; images directly in the root are unlabelled.

export interface FileEntry {
  file: File;
  /** Path as the user sees it, '/'-separated, including the dropped or picked folder's name. */
  path: string;
  /** Class name (the first-level sub-folder under the root), or null for an unlabelled image. */
  label: string | null;
}

/**
 * The class label a path implies. With `rootIsFolder` the first segment is the dropped/picked folder
 * itself and the second is the class; without it (several folders or loose files dropped) the first
 * segment is the class. A file with no class folder above it is unlabelled (null).
 */
export function labelFromPath(path: string, rootIsFolder: boolean): string | null {
  const parts = path.split('/').filter((p) => p !== '');
  const underRoot = rootIsFolder ? parts.slice(1) : parts;
  return underRoot.length >= 2 ? underRoot[0] : null;
}

/**
 * Files from a drop. Call it inside the drop handler: the items are read synchronously before the
 * first await (a DataTransferItemList is emptied once the event returns); the folders are walked after.
 */
export function collectFromDrop(items: DataTransferItemList): Promise<FileEntry[]> {
  const roots: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    if (entry) roots.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  return collectFromEntries(roots, loose);
}

/** Walks file-system entries (the part of a drop that survives the event); exported for tests. */
export async function collectFromEntries(roots: FileSystemEntry[], loose: File[] = []): Promise<FileEntry[]> {
  const rootIsFolder = roots.length === 1 && loose.length === 0 && roots[0].isDirectory;
  const out: FileEntry[] = loose.map((file) => ({ file, path: file.name, label: null }));
  for (const root of roots)
    for await (const { file, path } of walk(root)) out.push({ file, path, label: labelFromPath(path, rootIsFolder) });
  return out;
}

/** Picked files whose paths are read in one task (10,000 in one took ~40 ms of the page's main thread). */
const PICK_SLICE = 2000;

/**
 * Files from an `<input type=file>`: with `webkitdirectory` each file's `webkitRelativePath` starts with
 * the picked folder; a plain multi-file input gives loose, unlabelled files. In slices of tasks of their own.
 */
export async function collectFromFileList(files: FileList | File[]): Promise<FileEntry[]> {
  const list = Array.from(files); // now: clearing the input empties its FileList
  const entries: FileEntry[] = [];
  for (let i = 0; i < list.length; i += PICK_SLICE) {
    if (i > 0) await new Promise((r) => setTimeout(r));
    for (const file of list.slice(i, i + PICK_SLICE)) {
      const path = file.webkitRelativePath || file.name;
      entries.push({ file, path, label: labelFromPath(path, file.webkitRelativePath !== '') });
    }
  }
  return entries;
}

async function* walk(entry: FileSystemEntry): AsyncGenerator<{ file: File; path: string }> {
  const path = entry.fullPath.replace(/^\/+/, '') || entry.name;
  if (entry.isFile) {
    yield { file: await fileOf(entry as FileSystemFileEntry), path };
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most ~100 entries a call (Chromium): call it until it returns none.
  for (let batch = await readBatch(reader); batch.length > 0; batch = await readBatch(reader))
    for (const child of batch) yield* walk(child);
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

/** A name for what the user loaded: the folder's name when it is one folder, else "N files". */
export function datasetName(entries: FileEntry[]): string {
  const roots = new Set(entries.map((e) => (e.path.includes('/') ? e.path.split('/')[0] : '')));
  const [only] = roots;
  return roots.size === 1 && only ? only : `${entries.length} files`;
}
