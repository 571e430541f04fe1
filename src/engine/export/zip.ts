// An exported folder as one zip file for the lab's download: fflate's zipSync (deflate), every file under one
// top-level folder so that unzipping makes the folder. Tested by zip.test.ts.

import { zipSync, type Zippable } from 'fflate';

/** Deflate level: 6 is zlib's default balance (model weights barely shrink; text and data shrink well). */
const LEVEL = 6;

export function zipFolder(folder: string, files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  if (!/^[\w.-]+$/.test(folder) || /^\.+$/.test(folder)) throw new Error(`zip: the folder name ${JSON.stringify(folder)} must be letters, digits, "_", "-" or "." (not dots alone)`);
  const tree: Zippable = {};
  for (const [path, bytes] of files) tree[`${folder}/${path}`] = bytes;
  return zipSync(tree, { level: LEVEL });
}
