// A minimal promise wrapper over IndexedDB (no library): one database, one object store of records by key.
// Exercised in the browser (Node has no IndexedDB); the records it holds are built and read by snapshot.ts.

const DB_NAME = 'gpt-lab';
const STORE = 'runs';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
  });
}

/** Runs one request in its own transaction and resolves when the transaction has committed. */
async function withStore<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = use(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? req.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export function idbGet<T>(key: string): Promise<T | undefined> {
  return withStore('readonly', (s) => s.get(key) as IDBRequest<T | undefined>);
}

export async function idbPut(key: string, value: unknown): Promise<void> {
  await withStore('readwrite', (s) => s.put(value, key));
}
